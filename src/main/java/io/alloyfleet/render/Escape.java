package io.alloyfleet.render;

import io.alloyfleet.fleet.Text;
import io.quarkus.qute.TemplateExtension;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The one way a value enters rendered text. Qute escapes nothing in {@code .alloy} and {@code
 * .yaml} templates, so every value goes through {@code {value.alloy}} or {@code {value.yaml}}: a
 * quoted, escaped string literal of that language.
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
            && value.chars().noneMatch(c -> c == '`' || c < 0x20 || c == 0x7f);
    if (raw) {
      return "`" + value + "`";
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /** An Alloy list of string literals: {@code ["a", "b"]}. */
  public static String alloyList(Collection<String> values) {
    return values.stream().map(Escape::alloy).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A YAML double-quoted scalar (also a JSON string), safe for any text. */
  public static String yaml(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                  if (c < 0x20
                      || c == 0x7f
                      || c == 0x85
                      || c == 0x2028
                      || c == 0x2029
                      || c == 0xfeff) {
                    out.append(String.format("\\u%04x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /** A YAML flow list of double-quoted scalars: {@code ["a", "b"]}. */
  public static String yamlList(Collection<String> values) {
    return values.stream().map(Escape::yaml).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Text inside a one-line comment (a file name, say): escaped so it cannot end the line. */
  public static String comment(String value) {
    return Text.printable(value);
  }

  /** An OTTL string literal, to be embedded in an Alloy string. */
  public static String ottl(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
