package io.alloyfleet.alloy;

import io.alloyfleet.alloy.Token.Kind;
import io.alloyfleet.diagnostics.Problem;
import java.util.List;
import java.util.function.Supplier;

/**
 * The token stream a parser walks: position, errors, and the bounds on nesting that keep every
 * later walk of the tree (component checks, policy) within a small, known depth.
 */
public abstract class TokenCursor {

  /**
   * How deep a tree may be: blocks in blocks, and an expression's levels (brackets, calls, unary
   * operators, and each link of a left-associative chain such as {@code a + b + c} or {@code
   * x[0][0].y}). Alloy itself sets no limit; the deepest config of Grafana's own (alloy-corpus) is
   * 14 levels deep (blocks and expressions together, NestingDepthTest), so 200 is never reached by
   * a real config and keeps every recursive walk of the tree far from the JVM's stack limit.
   */
  static final int MAX_DEPTH = 200;

  private final List<Token> tokens;
  protected final List<Problem> errors;
  private int index;
  private int depth;

  TokenCursor(List<Token> tokens, List<Problem> errors) {
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
    errors.add(AlloyError.at(at.line(), at.column(), message));
  }

  boolean expect(Kind kind) {
    if (kind() != kind) {
      error(tok(), "expected " + kind.display() + ", got " + tok().display());
      return false;
    }
    advance();
    return true;
  }

  /**
   * Runs a parse that recurses ({@code what} is "expression" or "block"), refusing at the token
   * where the nesting passes {@link #MAX_DEPTH}.
   */
  <T> T nested(String what, Supplier<T> parse) {
    return nested(what, tok(), parse);
  }

  /** The same, reporting at {@code at} (where the nested construct starts). */
  <T> T nested(String what, Token at, Supplier<T> parse) {
    if (++depth > MAX_DEPTH) {
      depth--;
      throw tooDeep(at, what);
    }
    try {
      return parse.get();
    } finally {
      depth--;
    }
  }

  /** Records the located error of a tree that passes {@link #MAX_DEPTH} and unwinds the parse. */
  TooDeep tooDeep(Token at, String what) {
    error(at, what + " nested too deeply: more than " + MAX_DEPTH + " levels");
    return new TooDeep();
  }

  /** Unwinds a pathological nesting without a stack overflow; the error is already recorded. */
  static final class TooDeep extends RuntimeException {
    TooDeep() {
      super(null, null, false, false);
    }
  }

  /** The value of a string token (double-quoted with escapes, or raw). */
  public static String unquote(String text) {
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
