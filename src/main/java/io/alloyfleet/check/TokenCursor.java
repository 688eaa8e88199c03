package io.alloyfleet.check;

import io.alloyfleet.check.Token.Kind;
import java.util.List;
import java.util.function.Supplier;

/** The token stream a parser walks: position, errors, and a guard against runaway nesting. */
abstract class TokenCursor {

  static final int MAX_DEPTH = 200;

  private final List<Token> tokens;
  protected final List<AlloyError> errors;
  private int index;
  private int depth;

  TokenCursor(List<Token> tokens, List<AlloyError> errors) {
    this.tokens = tokens;
    this.errors = errors;
  }

  int position() {
    return index;
  }

  Token tok() {
    return tokens.get(index);
  }

  Kind kind() {
    return tok().kind();
  }

  Token advance() {
    Token t = tok();
    if (t.kind() != Kind.EOF) {
      index++;
    }
    return t;
  }

  void error(Token at, String message) {
    errors.add(new AlloyError(at.line(), at.column(), message));
  }

  boolean expect(Kind kind) {
    if (kind() != kind) {
      error(tok(), "expected " + kind.display() + ", got " + tok().display());
      return false;
    }
    advance();
    return true;
  }

  <T> T nested(Supplier<T> parse) {
    if (++depth > MAX_DEPTH) {
      depth--;
      error(tok(), "nesting deeper than " + MAX_DEPTH + " levels");
      throw new TooDeep();
    }
    try {
      return parse.get();
    } finally {
      depth--;
    }
  }

  /** Unwinds a pathological nesting without a stack overflow; the error is already recorded. */
  static final class TooDeep extends RuntimeException {
    TooDeep() {
      super(null, null, false, false);
    }
  }

  /** The value of a string token (double-quoted with escapes, or raw). */
  static String unquote(String text) {
    if (text.startsWith("`")) {
      return text.length() >= 2 ? text.substring(1, text.length() - 1) : "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 >= text.length() - 1) {
        out.append(c);
        continue;
      }
      char e = text.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        default -> out.append('\\').append(e);
      }
    }
    return out.toString();
  }
}
