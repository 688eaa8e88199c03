package io.alloyfleet.alloy;

import io.alloyfleet.diagnostics.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks Alloy configuration text the way Alloy would load it: syntax first (every error, with its
 * position), component checks build on the tree it returns.
 */
public final class AlloyChecker {

  private AlloyChecker() {}

  /** Every syntax error of the text, in order of position. */
  public static List<Problem> syntax(String text) {
    return sorted(new ArrayList<>(Parser.parse(text).errors()));
  }

  /**
   * Syntax errors; when there are none, the component checks against the catalog (unknown
   * components, arguments and blocks, missing required ones, duplicates, broken references).
   */
  public static List<Problem> check(String text) {
    return check(text, ComponentCatalog.Stability.GENERALLY_AVAILABLE, false);
  }

  /**
   * The same, for an agent run at stability {@code level}, with community components enabled or
   * not.
   */
  public static List<Problem> check(
      String text, ComponentCatalog.Stability level, boolean communityComponents) {
    return check(Parser.parse(text), new ComponentChecker.Options(level, communityComponents));
  }

  /** The same checks on text already parsed (its syntax errors, or the component checks). */
  public static List<Problem> check(Parser.Result parsed, ComponentChecker.Options options) {
    if (!parsed.errors().isEmpty()) {
      return sorted(new ArrayList<>(parsed.errors()));
    }
    return sorted(
        new ArrayList<>(ComponentChecker.check(parsed.body(), ComponentCatalog.get(), options)));
  }

  private static List<Problem> sorted(List<Problem> errors) {
    errors.sort(
        (a, b) ->
            a.line() != b.line()
                ? Integer.compare(a.line(), b.line())
                : Integer.compare(a.column(), b.column()));
    return errors;
  }
}
