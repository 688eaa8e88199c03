package io.alloyfleet.diagnostics;

import io.alloyfleet.text.Text;
import java.util.Comparator;
import java.util.Optional;

/**
 * A validation finding in a user's file: where, which key, what is wrong and, where one helps, a
 * hint. Printed like a compiler: {@code file:line:col: error: key.path: message}. {@code firstAt}
 * is, for something declared twice, where it was declared first (whoever reports the problem says
 * where that is in its own terms).
 */
public record Problem(
    Location location,
    String path,
    String message,
    Optional<String> hint,
    Optional<Location> firstAt) {

  public static final Comparator<Problem> ORDER =
      Comparator.comparing((Problem p) -> p.location().file())
          .thenComparingInt(p -> p.location().line())
          .thenComparingInt(p -> p.location().column())
          .thenComparing(Problem::path)
          .thenComparing(Problem::message);

  public Problem(Location location, String path, String message, Optional<String> hint) {
    this(location, path, message, hint, Optional.empty());
  }

  public static Problem of(Location location, String path, String message) {
    return new Problem(location, path, message, Optional.empty());
  }

  public static Problem of(Location location, String path, String message, String hint) {
    return new Problem(location, path, message, Optional.ofNullable(hint));
  }

  public String file() {
    return location.file();
  }

  public int line() {
    return location.line();
  }

  public int column() {
    return location.column();
  }

  /**
   * The compiler-style line, followed by an indented hint line when there is a hint. Every part may
   * hold team-written text (a file name, a key, a value), so each is escaped onto one line: a
   * problem can never forge another line in a log or a CI annotation.
   */
  public String format() {
    return format("error");
  }

  /** The same line for a finding that stops nothing: {@code file:line:col: warning: …}. */
  public String formatWarning() {
    return format("warning");
  }

  private String format(String severity) {
    String head =
        Text.printable(location.toString())
            + ": "
            + severity
            + ": "
            + (path.isEmpty() ? "" : Text.printable(path) + ": ")
            + Text.printable(message);
    return hint.map(h -> head + "\n  hint: " + Text.printable(h)).orElse(head);
  }
}
