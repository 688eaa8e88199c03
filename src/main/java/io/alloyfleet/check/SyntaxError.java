package io.alloyfleet.check;

/** A syntax error in Alloy text: 1-based line and column, and Alloy's wording where we know it. */
public record SyntaxError(int line, int column, String message) {}
