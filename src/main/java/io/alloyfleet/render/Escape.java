package io.alloyfleet.render;

import io.alloyfleet.text.Escaping;
import io.quarkus.qute.TemplateExtension;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The one way a value enters rendered text. Qute escapes nothing in {@code .alloy} and {@code
 * .yaml} templates, so every value goes through {@code {value.alloy}} or {@code {value.yaml}}: a
 * quoted, escaped string literal of that language, escaped by that language's {@link Escaping}
 * table.
 */
@TemplateExtension
public final class Escape {

  private Escape() {}

  /**
   * An Alloy string literal: a backtick raw string when the text holds quotes or backslashes (and
   * nothing a raw string cannot hold), otherwise double quotes with Go-style escapes.
   */
  public static String alloy(String value) {
    boolean raw =
        (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0)
            && value.chars().noneMatch(c -> c == '`' || Escaping.ALLOY.unprintable(c));
    return raw ? "`" + value + "`" : Escaping.ALLOY.quoted(value);
  }

  /** An Alloy list of string literals: {@code ["a", "b"]}. */
  public static String alloyList(Collection<String> values) {
    return values.stream().map(Escape::alloy).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A YAML double-quoted scalar (also a JSON string), safe for any text. */
  public static String yaml(String value) {
    return Escaping.YAML.quoted(value);
  }

  /** A YAML flow list of double-quoted scalars: {@code ["a", "b"]}. */
  public static String yamlList(Collection<String> values) {
    return values.stream().map(Escape::yaml).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Text inside a one-line comment (a file name, say): escaped so it cannot end the line. */
  public static String comment(String value) {
    return Escaping.TEXT.escaped(value);
  }

  /** An OTTL string literal, to be embedded in an Alloy string. */
  public static String ottl(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
