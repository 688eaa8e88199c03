package io.alloyfleet.check;

import io.alloyfleet.check.Syntax.Access;
import io.alloyfleet.check.Syntax.ArrayExpr;
import io.alloyfleet.check.Syntax.Attribute;
import io.alloyfleet.check.Syntax.Bad;
import io.alloyfleet.check.Syntax.Binary;
import io.alloyfleet.check.Syntax.Block;
import io.alloyfleet.check.Syntax.Body;
import io.alloyfleet.check.Syntax.Call;
import io.alloyfleet.check.Syntax.Expr;
import io.alloyfleet.check.Syntax.Field;
import io.alloyfleet.check.Syntax.Ident;
import io.alloyfleet.check.Syntax.Index;
import io.alloyfleet.check.Syntax.Literal;
import io.alloyfleet.check.Syntax.ObjectExpr;
import io.alloyfleet.check.Syntax.Paren;
import io.alloyfleet.check.Syntax.Statement;
import io.alloyfleet.check.Syntax.Unary;
import io.alloyfleet.check.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser for Alloy, following grafana/alloy {@code syntax/parser}: it reports
 * every error with its position and recovers at the next statement, so one run lists them all.
 */
final class Parser {

  private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}_]*");
  private static final int MAX_DEPTH = 200;
  private static final int MAX_ERRORS = 100;

  private final List<Token> tokens;
  private final List<AlloyError> errors;
  private int index;
  private int depth;

  private Parser(List<Token> tokens, List<AlloyError> errors) {
    this.tokens = tokens;
    this.errors = errors;
  }

  /** The tree of a file and every syntax error found in it. */
  record Result(Body body, List<AlloyError> errors) {}

  static Result parse(String source) {
    List<AlloyError> errors = new ArrayList<>();
    List<Token> tokens = new Scanner(source, errors).scan();
    Parser parser = new Parser(tokens, errors);
    try {
      return new Result(parser.body(Kind.EOF), List.copyOf(errors));
    } catch (TooDeep e) {
      return new Result(new Body(List.of()), List.copyOf(errors));
    }
  }

  private Token tok() {
    return tokens.get(index);
  }

  private Kind kind() {
    return tok().kind();
  }

  private Token advance() {
    Token t = tok();
    if (t.kind() != Kind.EOF) {
      index++;
    }
    return t;
  }

  private void error(Token at, String message) {
    errors.add(new AlloyError(at.line(), at.column(), message));
  }

  private Body body(Kind until) {
    List<Statement> statements = new ArrayList<>();
    while (kind() != until && kind() != Kind.EOF) {
      if (kind() == Kind.TERMINATOR) {
        advance();
        continue;
      }
      int errorsBefore = errors.size();
      int start = index;
      Statement statement = statement();
      if (statement != null) {
        statements.add(statement);
      }
      if (errors.size() > errorsBefore) {
        synchronize();
        if (index == start) {
          advance();
        }
        if (errors.size() >= MAX_ERRORS) {
          return new Body(statements);
        }
        continue;
      }
      if (kind() == Kind.TERMINATOR) {
        advance();
      } else if (kind() != until) {
        error(tok(), "expected TERMINATOR, got " + tok().display());
        synchronize();
      }
    }
    return new Body(statements);
  }

  /** Skips to the end of the broken statement: the next terminator outside any brackets. */
  private void synchronize() {
    int nesting = 0;
    while (kind() != Kind.EOF) {
      switch (kind()) {
        case LCURLY, LPAREN, LBRACK -> nesting++;
        case RCURLY, RPAREN, RBRACK -> {
          if (nesting == 0) {
            return;
          }
          nesting--;
        }
        case TERMINATOR -> {
          if (nesting == 0) {
            advance();
            return;
          }
        }
        default -> { }
      }
      advance();
    }
  }

  private Statement statement() {
    Token start = tok();
    if (kind() != Kind.IDENT) {
      error(start, "expected attribute assignment or block body, got " + start.display());
      return null;
    }
    List<String> name = new ArrayList<>();
    name.add(advance().text());
    Token firstDot = null;
    while (kind() == Kind.DOT) {
      Token dot = advance();
      firstDot = firstDot == null ? dot : firstDot;
      if (kind() != Kind.IDENT) {
        error(tok(), "expected IDENT, got " + tok().display());
        return null;
      }
      name.add(advance().text());
    }
    switch (kind()) {
      case ASSIGN -> {
        if (firstDot != null) {
          error(firstDot, "attribute names may only consist of a single identifier");
          return null;
        }
        advance();
        return new Attribute(name.get(0), expression(), start.line(), start.column());
      }
      case STRING, LCURLY -> {
        String label = null;
        if (kind() == Kind.STRING) {
          Token labelToken = advance();
          if (kind() == Kind.ASSIGN) {
            error(tok(), "attribute names may not have labels");
            return null;
          }
          if (!labelToken.text().startsWith("\"")) {
            error(labelToken, "expected block label to be a double-quoted string");
            return null;
          }
          label = unquote(labelToken.text());
          if (!IDENTIFIER.matcher(label).matches()) {
            error(labelToken, "expected block label to be a valid identifier");
            return null;
          }
        }
        if (kind() != Kind.LCURLY) {
          error(tok(), "expected {, got " + tok().display());
          return null;
        }
        advance();
        Body body = nested(() -> body(Kind.RCURLY));
        if (!expect(Kind.RCURLY)) {
          return null;
        }
        return new Block(List.copyOf(name), label, body, start.line(), start.column());
      }
      case IDENT -> error(tok(), "expected block label, got IDENT");
      default -> error(tok(), "expected attribute assignment or block body, got " + tok().display());
    }
    return null;
  }

  private boolean expect(Kind kind) {
    if (kind() != kind) {
      error(tok(), "expected " + kind.display() + ", got " + tok().display());
      return false;
    }
    advance();
    return true;
  }

  private <T> T nested(java.util.function.Supplier<T> parse) {
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

  Expr expression() {
    return nested(() -> binary(1));
  }

  private Expr binary(int minPrecedence) {
    Expr left = unary();
    while (kind().precedence >= minPrecedence && kind().precedence > 0) {
      Kind op = advance().kind();
      Expr right = op == Kind.POW ? binary(op.precedence) : binary(op.precedence + 1);
      left = new Binary(op, left, right);
    }
    return left;
  }

  private Expr unary() {
    if (kind() == Kind.NOT || kind() == Kind.SUB) {
      Kind op = advance().kind();
      return new Unary(op, nested(this::unary));
    }
    return postfix(operand());
  }

  private Expr operand() {
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

  private Expr postfix(Expr expr) {
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
  private Expr blockAsExpression(Expr name) {
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

  private Expr array() {
    advance();
    return new ArrayExpr(list(Kind.RBRACK, "expression list"));
  }

  private List<Expr> list(Kind close, String what) {
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

  /** After an element: a comma, or the closing bracket; a newline there is Alloy's classic mistake. */
  private boolean separator(Kind close, String what) {
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

  private Expr object() {
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
          fields.add(new Field(key.kind() == Kind.STRING ? unquote(key.text()) : key.text(), expression()));
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

  private void skipField() {
    int nesting = 0;
    while (kind() != Kind.EOF) {
      if (nesting == 0 && (kind() == Kind.COMMA || kind() == Kind.RCURLY || kind() == Kind.TERMINATOR)) {
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
