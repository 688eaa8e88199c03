package io.alloyfleet.check;

/** An error in Alloy text (syntax or component check): 1-based line and column, and the message. */
public record AlloyError(int line, int column, String message) {}
