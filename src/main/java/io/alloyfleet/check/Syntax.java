package io.alloyfleet.check;

import java.util.List;

/** The syntax tree of an Alloy file: a body of attributes and blocks, and expressions. */
public final class Syntax {

  private Syntax() {}

  public record Body(List<Statement> statements) {}

  public sealed interface Statement permits Attribute, Block {
    int line();

    int column();
  }

  public record Attribute(String name, Expr value, int line, int column) implements Statement {}

  /** A block such as {@code prometheus.scrape "pods" { ... }}; the label is null when absent. */
  public record Block(List<String> name, String label, Body body, int line, int column)
      implements Statement {
    public String fullName() {
      return String.join(".", name);
    }
  }

  public sealed interface Expr
      permits Literal,
          Ident,
          Access,
          Index,
          Call,
          ArrayExpr,
          ObjectExpr,
          Unary,
          Binary,
          Paren,
          Bad {}

  public record Literal(Token.Kind kind, String text) implements Expr {}

  public record Ident(String name, int line, int column) implements Expr {}

  public record Access(Expr target, String field, int line, int column) implements Expr {}

  public record Index(Expr target, Expr index) implements Expr {}

  public record Call(Expr function, List<Expr> args) implements Expr {}

  public record ArrayExpr(List<Expr> items) implements Expr {}

  public record ObjectExpr(List<Field> fields) implements Expr {}

  public record Field(String key, Expr value) {}

  public record Unary(Token.Kind op, Expr operand) implements Expr {}

  public record Binary(Token.Kind op, Expr left, Expr right) implements Expr {}

  public record Paren(Expr inner) implements Expr {}

  /** Where an expression could not be parsed; an error was reported. */
  public record Bad() implements Expr {}
}
