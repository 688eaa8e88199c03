package io.alloyfleet.fleet.values;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.text.Text;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as Go's {@code time.ParseDuration} reads it (and so Alloy and Kubernetes), in the part
 * of its grammar the values schema allows: one or more decimal numbers, each with a unit ({@code
 * ns}, {@code us} or {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), such as {@code 30s},
 * {@code 1h30m} or {@code 1.5m}; no sign, no bare {@code 0}. As in Go, each part counts in whole
 * nanoseconds (a fraction of a nanosecond is dropped) and the total is at most 2^63-1 ns. The one
 * place a duration of the fleet's files is parsed: the schema's formats and the rollout both read
 * through here.
 */
public record GoDuration(Duration value) {

  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  public GoDuration {
    if (value.isNegative()) {
      throw new IllegalArgumentException("a Go duration is never negative here: " + value);
    }
  }

  /** What parsing a text gave: a duration, or why not. */
  public sealed interface Parsed permits Valid, Invalid {}

  public record Valid(GoDuration duration) implements Parsed {}

  /** Not a duration: not of the grammar, or ({@code outOfRange}) more than Go can hold. */
  public record Invalid(String text, boolean outOfRange) implements Parsed {

    /** Why, in the words of the values schema: {@code expected} names what was wanted. */
    public String message(String expected) {
      return outOfRange
          ? Text.quote(text) + " is out of range (at most 2562047h47m16.854775807s)"
          : Text.quote(text) + " is not " + expected;
    }

    /** The same, as a problem of a user's file. */
    public Problem problem(Location at, String path, String expected) {
      return Problem.of(at, path, message(expected));
    }
  }

  public static Parsed parse(String text) {
    Matcher part = PART.matcher(text);
    BigInteger nanos = BigInteger.ZERO;
    int end = 0;
    while (end < text.length() && part.find(end) && part.start() == end) {
      BigDecimal number = new BigDecimal(part.group(1));
      nanos = nanos.add(number.multiply(BigDecimal.valueOf(unit(part.group(2)))).toBigInteger());
      end = part.end();
    }
    if (text.isEmpty() || end != text.length()) {
      return new Invalid(text, false);
    }
    if (nanos.compareTo(MAX) > 0) {
      return new Invalid(text, true);
    }
    return new Valid(new GoDuration(Duration.ofNanos(nanos.longValueExact())));
  }

  /** A text known to be a duration (the schema checked it); throws when it is not one. */
  public static GoDuration of(String text) {
    return switch (parse(text)) {
      case Valid valid -> valid.duration();
      case Invalid invalid -> throw new IllegalArgumentException("not a duration: " + text);
    };
  }

  /** Written back in the grammar, largest units first: {@code 30m}, {@code 1h30m}, {@code 0.5s}. */
  public String format() {
    return value.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return format();
  }

  private static long unit(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      default -> 3_600_000_000_000L;
    };
  }
}
