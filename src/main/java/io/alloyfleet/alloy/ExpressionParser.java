package io.alloyfleet.alloy;

import io.alloyfleet.alloy.Syntax.Access;
import io.alloyfleet.alloy.Syntax.ArrayExpr;
import io.alloyfleet.alloy.Syntax.Bad;
import io.alloyfleet.alloy.Syntax.Binary;
import io.alloyfleet.alloy.Syntax.Call;
import io.alloyfleet.alloy.Syntax.Expr;
import io.alloyfleet.alloy.Syntax.Field;
import io.alloyfleet.alloy.Syntax.Ident;
import io.alloyfleet.alloy.Syntax.Index;
import io.alloyfleet.alloy.Syntax.Literal;
import io.alloyfleet.alloy.Syntax.ObjectExpr;
import io.alloyfleet.alloy.Syntax.Paren;
import io.alloyfleet.alloy.Syntax.Unary;
import io.alloyfleet.alloy.Token.Kind;
import io.alloyfleet.diagnostics.Problem;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alloy expressions: precedence climbing ({@code ||}, {@code &&}, comparisons, {@code + -}, {@code
 * * / %}, right-associative {@code ^}), unary {@code ! -}, access, index, calls, arrays and
 * objects, with Alloy's own error messages. Every node's height is known as it is built, so a chain
 * that loops here (a left-associative {@code + + +}, an index chain {@code [0][0]…}) is refused at
 * the token where it passes {@link #MAX_DEPTH}, like a nesting that recurses.
 */
abstract class ExpressionParser extends TokenCursor {

  /** The height of each inner node built so far; a leaf is 1. */
  private final Map<Expr, Integer> heights = new IdentityHashMap<>();

  ExpressionParser(List<Token> tokens, List<Problem> errors) {
    super(tokens, errors);
  }

  Expr expression() {
    return nested("expression", () -> binary(1));
  }

  /** {@code node}, whose height is one more than its highest child's, if within the bound. */
  private <T extends Expr> T built(T node, Token at) {
    int height = 1;
    for (Expr child : Syntax.children(node)) {
      height = Math.max(height, 1 + heights.getOrDefault(child, 1));
    }
    if (height > MAX_DEPTH) {
      throw tooDeep(at, "expression");
    }
    heights.put(node, height);
    return node;
  }

  Expr binary(int minPrecedence) {
    Expr left = unary();
    while (kind().precedence >= minPrecedence && kind().precedence > 0) {
      Token operator = advance();
      Kind op = operator.kind();
      Expr right =
          op == Kind.POW
              ? nested("expression", () -> binary(op.precedence))
              : binary(op.precedence + 1);
      left = built(new Binary(op, left, right), operator);
    }
    return left;
  }

  Expr unary() {
    if (kind() == Kind.NOT || kind() == Kind.SUB) {
      Token operator = advance();
      return built(new Unary(operator.kind(), nested("expression", this::unary)), operator);
    }
    return postfix(operand());
  }

  Expr operand() {
    Token t = tok();
    return switch (t.kind()) {
      case IDENT -> {
        advance();
        yield new Ident(t.text(), t.line(), t.column());
      }
      case NUMBER, FLOAT, STRING, BOOL, NULL -> {
        advance();
        yield new Literal(t.kind(), t.text());
      }
      case LBRACK -> array();
      case LCURLY -> object();
      case LPAREN -> {
        advance();
        Expr inner = expression();
        expect(Kind.RPAREN);
        yield built(new Paren(inner), t);
      }
      default -> {
        error(t, "expected expression, got " + t.display());
        yield new Bad();
      }
    };
  }

  Expr postfix(Expr expr) {
    while (true) {
      switch (kind()) {
        case DOT -> {
          Token dot = advance();
          if (kind() != Kind.IDENT) {
            error(tok(), "expected IDENT, got " + tok().display());
            return new Bad();
          }
          expr = built(new Access(expr, advance().text(), dot.line(), dot.column()), dot);
        }
        case LBRACK -> {
          Token open = advance();
          Expr at = expression();
          expect(Kind.RBRACK);
          expr = built(new Index(expr, at), open);
        }
        case LPAREN -> {
          Token open = advance();
          expr = built(new Call(expr, list(Kind.RPAREN, "expression list")), open);
        }
        case STRING, LCURLY -> {
          if (expr instanceof Ident || expr instanceof Access) {
            return blockAsExpression(expr);
          }
          return expr;
        }
        default -> {
          return expr;
        }
      }
    }
  }

  /** {@code x = prometheus.remote_write "a" { ... }}: report it and skip the would-be block. */
  Expr blockAsExpression(Expr name) {
    Token start = tok();
    if (kind() == Kind.STRING) {
      advance();
      if (kind() != Kind.LCURLY) {
        error(tok(), "expected {, got " + tok().display());
        return new Bad();
      }
    }
    error(start, "cannot use a block as an expression");
    int nesting = 0;
    do {
      if (kind() == Kind.LCURLY) {
        nesting++;
      } else if (kind() == Kind.RCURLY) {
        nesting--;
      }
      advance();
    } while (nesting > 0 && kind() != Kind.EOF);
    return new Bad();
  }

  Expr array() {
    Token open = advance();
    return built(new ArrayExpr(list(Kind.RBRACK, "expression list")), open);
  }

  List<Expr> list(Kind close, String what) {
    List<Expr> items = new ArrayList<>();
    while (kind() != close && kind() != Kind.EOF) {
      items.add(expression());
      if (!separator(close, what)) {
        break;
      }
    }
    expect(close);
    return items;
  }

  /**
   * After an element: a comma, or the closing bracket; a newline there is Alloy's classic mistake.
   */
  boolean separator(Kind close, String what) {
    if (kind() == Kind.COMMA) {
      advance();
      return true;
    }
    if (kind() == Kind.TERMINATOR) {
      error(tok(), "missing ',' in " + what);
      advance();
      return kind() != close;
    }
    return false;
  }

  Expr object() {
    Token open = advance();
    List<Field> fields = new ArrayList<>();
    while (kind() != Kind.RCURLY && kind() != Kind.EOF) {
      Token key = tok();
      if (key.kind() != Kind.IDENT && key.kind() != Kind.STRING) {
        error(key, "expected field name (string or identifier), got " + key.display());
        skipField();
      } else {
        advance();
        if (expect(Kind.ASSIGN)) {
          fields.add(
              new Field(
                  key.kind() == Kind.STRING ? unquote(key.text()) : key.text(), expression()));
        } else {
          skipField();
        }
      }
      if (!separator(Kind.RCURLY, "field list")) {
        break;
      }
    }
    expect(Kind.RCURLY);
    return built(new ObjectExpr(fields), open);
  }

  void skipField() {
    int nesting = 0;
    while (kind() != Kind.EOF) {
      if (nesting == 0
          && (kind() == Kind.COMMA || kind() == Kind.RCURLY || kind() == Kind.TERMINATOR)) {
        return;
      }
      if (kind() == Kind.LCURLY || kind() == Kind.LBRACK || kind() == Kind.LPAREN) {
        nesting++;
      } else if (kind() == Kind.RCURLY || kind() == Kind.RBRACK || kind() == Kind.RPAREN) {
        nesting--;
      }
      advance();
    }
  }
}
