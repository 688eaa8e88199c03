package io.alloyfleet.alloy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.alloyfleet.text.Escaping;
import java.util.Optional;

/** Go's ways with text that Alloy's messages show: {@code %q}, durations, regular expressions. */
final class GoText {

  private GoText() {}

  /** A string as Go's {@code %q} writes it. */
  static String quote(String value) {
    return Escaping.GO.quoted(value);
  }

  /** A duration as Go's {@code time.Duration.String()} writes it: {@code 1m30s}, {@code 500ms}. */
  static String duration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long n = Math.abs(nanos);
    if (n < 1_000_000_000L) {
      String[] units = {"ns", "µs", "ms"};
      long[] sizes = {1, 1_000, 1_000_000};
      int u = n < 1_000 ? 0 : n < 1_000_000 ? 1 : 2;
      return sign + fraction(n, sizes[u]) + units[u];
    }
    long hours = n / 3_600_000_000_000L;
    long minutes = n / 60_000_000_000L % 60;
    long rest = n % 60_000_000_000L;
    StringBuilder out = new StringBuilder(sign);
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(fraction(rest, 1_000_000_000L)).append('s').toString();
  }

  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long part = value % unit;
    if (part == 0) {
      return Long.toString(whole);
    }
    String digits = String.format("%0" + Long.toString(unit).length() + "d", part).substring(1);
    return whole + "." + digits.replaceAll("0+$", "");
  }

  /**
   * Why Go's {@code regexp.Compile} refuses {@code regex} (Go's message, as RE2's syntax has it: no
   * look-arounds, back-references or possessive quantifiers; {@code (?P<name>…)} is fine); empty
   * when it compiles.
   */
  static Optional<String> regexError(String regex) {
    try {
      Pattern.compile(regex);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      // re2j says "Error parsing regexp: …"; Go's regexp/syntax, "error parsing regexp: …".
      String message = e.getMessage();
      return Optional.of(message.startsWith("E") ? "e" + message.substring(1) : message);
    }
  }
}
