package io.alloyfleet.check;

import java.util.OptionalInt;

/**
 * An error in Alloy text (syntax or component check): 1-based line and column, the message, and for
 * a duplicate, the line of the first declaration (so whoever reports it can say where that is in
 * its own terms: a line of the same file, or the file a team wrote it in).
 */
public record AlloyError(int line, int column, String message, OptionalInt firstAt) {

  public AlloyError(int line, int column, String message) {
    this(line, column, message, OptionalInt.empty());
  }

  /** The message as a standalone file shows it: {@code … is declared twice (first at line 3)}. */
  public String describe() {
    return firstAt.isPresent() ? message + " (first at line " + firstAt.getAsInt() + ")" : message;
  }
}
