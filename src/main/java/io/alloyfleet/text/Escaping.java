package io.alloyfleet.text;

import java.util.function.IntPredicate;

/**
 * The one escaping table of each language Alloy Fleet writes text into: which characters a quoted
 * string of that language cannot hold as themselves, and how it writes them instead. Every language
 * names {@code \n}, {@code \r} and {@code \t}; a quoted string also escapes {@code "} and {@code
 * \}.
 *
 * <ul>
 *   <li>{@link #ALLOY}: an Alloy (Go syntax) double-quoted string literal in rendered config;
 *   <li>{@link #YAML}: a YAML double-quoted scalar (also a JSON string) in rendered manifests;
 *   <li>{@link #TEXT}: team-written text in a problem, a log line, a terminal, a Markdown comment
 *       or a CI annotation: line breaks, control characters and bidirectional overrides;
 *   <li>{@link #GO}: text as Go's {@code %q} writes it, in messages that copy Alloy's own.
 * </ul>
 */
public enum Escaping {
  ALLOY(c -> c < 0x20 || c == 0x7f, Hex.BYTE),
  YAML(
      c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff,
      Hex.UNICODE),
  TEXT(
      c ->
          c < 0x20
              || (c >= 0x7f && c <= 0x9f)
              || c == 0x2028
              || c == 0x2029
              || (c >= 0x202a && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069)
              || c == 0xfeff,
      Hex.UNICODE),
  GO(c -> c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 || c == 0x85, Hex.BYTE_OR_UNICODE);

  /** How a character without a named escape is written. */
  private enum Hex {
    /** {@code \x1b} */
    BYTE,
    /** {@code \u001b} */
    UNICODE,
    /** {@code \x1b} up to U+00FF, {@code \u2028} above. */
    BYTE_OR_UNICODE;

    String of(int c) {
      return this == BYTE || (this == BYTE_OR_UNICODE && c <= 0xff)
          ? String.format("\\x%02x", c)
          : String.format("\\u%04x", c);
    }
  }

  private final IntPredicate unprintable;
  private final Hex hex;

  Escaping(IntPredicate unprintable, Hex hex) {
    this.unprintable = unprintable;
    this.hex = hex;
  }

  /** Whether this language writes {@code c} as an escape rather than as itself. */
  public boolean unprintable(int c) {
    return unprintable.test(c);
  }

  /** {@code value} in double quotes, with {@code "}, {@code \} and every unprintable escaped. */
  public String quoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> escape(c, out);
              }
            });
    return out.append('"').toString();
  }

  /** {@code value} with only its unprintable characters escaped; itself when it has none. */
  public String escaped(String value) {
    if (value.codePoints().noneMatch(unprintable)) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 8);
    value.codePoints().forEach(c -> escape(c, out));
    return out.toString();
  }

  private void escape(int c, StringBuilder out) {
    switch (c) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> {
        if (unprintable.test(c)) {
          out.append(hex.of(c));
        } else {
          out.appendCodePoint(c);
        }
      }
    }
  }
}
