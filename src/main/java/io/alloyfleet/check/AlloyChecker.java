package io.alloyfleet.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks Alloy configuration text the way Alloy would load it: syntax first (every error, with
 * its position), component checks build on the tree it returns.
 */
public final class AlloyChecker {

  private AlloyChecker() {}

  /** Every syntax error of the text, in order of position. */
  public static List<SyntaxError> syntax(String text) {
    List<SyntaxError> errors = new ArrayList<>(Parser.parse(text).errors());
    errors.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
    return errors;
  }

  /** The syntax tree and errors, for checks that look past syntax. */
  public static Parsed parse(String text) {
    Parser.Result result = Parser.parse(text);
    return new Parsed(result.body(), result.errors());
  }

  public record Parsed(Syntax.Body body, List<SyntaxError> errors) {}
}
