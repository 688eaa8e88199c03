package io.alloyfleet.alloy;

import io.alloyfleet.alloy.Syntax.Attribute;
import io.alloyfleet.alloy.Syntax.Block;
import io.alloyfleet.alloy.Syntax.Body;
import io.alloyfleet.alloy.Syntax.Statement;
import io.alloyfleet.alloy.Token.Kind;
import io.alloyfleet.diagnostics.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser for Alloy, following grafana/alloy {@code syntax/parser}: it reports
 * every error with its position and recovers at the next statement, so one run lists them all.
 */
public final class Parser extends ExpressionParser {

  private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}_]*");
  private static final int MAX_ERRORS = 100;

  private Parser(List<Token> tokens, List<Problem> errors) {
    super(tokens, errors);
  }

  /** The tree of a file and every syntax error found in it. */
  public record Result(Body body, List<Problem> errors) {}

  public static Result parse(String source) {
    List<Problem> errors = new ArrayList<>();
    List<Token> tokens = new Scanner(source, errors).scan();
    Parser parser = new Parser(tokens, errors);
    try {
      return new Result(parser.body(Kind.EOF), List.copyOf(errors));
    } catch (TooDeep e) {
      return new Result(new Body(List.of()), List.copyOf(errors));
    }
  }

  private Body body(Kind until) {
    List<Statement> statements = new ArrayList<>();
    while (kind() != until && kind() != Kind.EOF) {
      if (kind() == Kind.TERMINATOR) {
        advance();
        continue;
      }
      int errorsBefore = errors.size();
      int start = position();
      Statement statement = statement();
      if (statement != null) {
        statements.add(statement);
      }
      if (errors.size() > errorsBefore) {
        synchronize();
        if (position() == start) {
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
        default -> {}
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
        Body body = nested("block", start, () -> body(Kind.RCURLY));
        if (!expect(Kind.RCURLY)) {
          return null;
        }
        return new Block(List.copyOf(name), label, body, start.line(), start.column());
      }
      case IDENT -> error(tok(), "expected block label, got IDENT");
      default ->
          error(tok(), "expected attribute assignment or block body, got " + tok().display());
    }
    return null;
  }
}
