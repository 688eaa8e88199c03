package io.alloyfleet.alloy;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import java.util.Optional;

/**
 * Problems in Alloy text (syntax or component check), found before anyone says which file holds the
 * text: located at a 1-based line and column of {@link #TEXT}, and for a duplicate, at the line of
 * the first declaration too (so whoever reports it can say where that is in its own terms: a line
 * of the same file, or the file a team wrote it in).
 */
public final class AlloyError {

  /** The file of a problem in Alloy text checked on its own: none yet. */
  public static final String TEXT = "";

  private AlloyError() {}

  public static Problem at(int line, int column, String message) {
    return Problem.of(new Location(TEXT, line, column), "", message);
  }

  /** Something declared twice: here, and first at {@code firstLine}. */
  static Problem duplicate(int line, int column, String message, int firstLine) {
    return new Problem(
        new Location(TEXT, line, column),
        "",
        message,
        Optional.empty(),
        Optional.of(new Location(TEXT, firstLine, 1)));
  }

  /** The message as a standalone file shows it: {@code … is declared twice (first at line 3)}. */
  public static String describe(Problem problem) {
    return problem
        .firstAt()
        .map(first -> problem.message() + " (first at line " + first.line() + ")")
        .orElse(problem.message());
  }
}
