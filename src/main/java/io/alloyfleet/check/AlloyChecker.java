package io.alloyfleet.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks Alloy configuration text the way Alloy would load it: syntax first (every error, with its
 * position), component checks build on the tree it returns.
 */
public final class AlloyChecker {

  private AlloyChecker() {}

  /** Every syntax error of the text, in order of position. */
  public static List<AlloyError> syntax(String text) {
    return sorted(new ArrayList<>(Parser.parse(text).errors()));
  }

  /**
   * Syntax errors; when there are none, the component checks against the catalog (unknown
   * components, arguments and blocks, missing required ones, duplicates, broken references).
   */
  public static List<AlloyError> check(String text) {
    return check(Parser.parse(text));
  }

  /** The same checks on text already parsed (its syntax errors, or the component checks). */
  static List<AlloyError> check(Parser.Result parsed) {
    if (!parsed.errors().isEmpty()) {
      return sorted(new ArrayList<>(parsed.errors()));
    }
    return sorted(new ArrayList<>(ComponentChecker.check(parsed.body(), ComponentCatalog.get())));
  }

  private static List<AlloyError> sorted(List<AlloyError> errors) {
    errors.sort(
        (a, b) ->
            a.line() != b.line()
                ? Integer.compare(a.line(), b.line())
                : Integer.compare(a.column(), b.column()));
    return errors;
  }
}
