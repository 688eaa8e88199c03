package io.alloyfleet.check;

import io.alloyfleet.check.Syntax.Access;
import io.alloyfleet.check.Syntax.ArrayExpr;
import io.alloyfleet.check.Syntax.Bad;
import io.alloyfleet.check.Syntax.Binary;
import io.alloyfleet.check.Syntax.Call;
import io.alloyfleet.check.Syntax.Expr;
import io.alloyfleet.check.Syntax.Field;
import io.alloyfleet.check.Syntax.Ident;
import io.alloyfleet.check.Syntax.Index;
import io.alloyfleet.check.Syntax.Literal;
import io.alloyfleet.check.Syntax.ObjectExpr;
import io.alloyfleet.check.Syntax.Paren;
import io.alloyfleet.check.Syntax.Unary;
import io.alloyfleet.check.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Alloy expressions: precedence climbing ({@code ||}, {@code &&}, comparisons, {@code + -}, {@code
 * * / %}, right-associative {@code ^}), unary {@code ! -}, access, index, calls, arrays and
 * objects, with Alloy's own error messages.
 */
abstract class ExpressionParser extends TokenCursor {

  ExpressionParser(List<Token> tokens, List<AlloyError> errors) {
    super(tokens, errors);
  }

  Expr expression() {
    return nested(() -> binary(1));
  }

  Expr binary(int minPrecedence) {
    Expr left = unary();
    while (kind().precedence >= minPrecedence && kind().precedence > 0) {
      Kind op = advance().kind();
      Expr right = op == Kind.POW ? binary(op.precedence) : binary(op.precedence + 1);
      left = new Binary(op, left, right);
    }
    return left;
  }

  Expr unary() {
    if (kind() == Kind.NOT || kind() == Kind.SUB) {
      Kind op = advance().kind();
      return new Unary(op, nested(this::unary));
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
        yield new Paren(inner);
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
          expr = new Access(expr, advance().text(), dot.line(), dot.column());
        }
        case LBRACK -> {
          advance();
          Expr at = expression();
          expect(Kind.RBRACK);
          expr = new Index(expr, at);
        }
        case LPAREN -> {
          advance();
          expr = new Call(expr, list(Kind.RPAREN, "expression list"));
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
    advance();
    return new ArrayExpr(list(Kind.RBRACK, "expression list"));
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
    advance();
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
    return new ObjectExpr(fields);
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
