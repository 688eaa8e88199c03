package io.alloyfleet.alloy;

/** One token of the Alloy configuration language, with its 1-based position. */
public record Token(Kind kind, String text, int line, int column) {

  public enum Kind {
    ILLEGAL,
    EOF,
    TERMINATOR,
    IDENT,
    NUMBER,
    FLOAT,
    STRING,
    BOOL,
    NULL,
    OR("||", 1),
    AND("&&", 2),
    EQ("==", 3),
    NEQ("!=", 3),
    LT("<", 3),
    LTE("<=", 3),
    GT(">", 3),
    GTE(">=", 3),
    ADD("+", 4),
    SUB("-", 4),
    MUL("*", 5),
    DIV("/", 5),
    MOD("%", 5),
    POW("^", 6),
    NOT("!"),
    ASSIGN("="),
    LCURLY("{"),
    RCURLY("}"),
    LPAREN("("),
    RPAREN(")"),
    LBRACK("["),
    RBRACK("]"),
    COMMA(","),
    DOT(".");

    final String symbol;
    final int precedence;

    Kind() {
      this(null, 0);
    }

    Kind(String symbol) {
      this(symbol, 0);
    }

    Kind(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }

    /**
     * As Alloy's parser names it in messages: the symbol of an operator, the class of a literal.
     */
    String display() {
      return symbol != null ? symbol : this == TERMINATOR ? "TERMINATOR" : name();
    }
  }

  String display() {
    return kind.display();
  }
}
