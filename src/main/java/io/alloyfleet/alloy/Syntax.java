package io.alloyfleet.alloy;

import java.util.ArrayList;
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

  /** The expressions directly inside {@code expr}, in order of position. */
  public static List<Expr> children(Expr expr) {
    return switch (expr) {
      case Access access -> List.of(access.target());
      case Index index -> List.of(index.target(), index.index());
      case Call call -> {
        List<Expr> all = new ArrayList<>();
        all.add(call.function());
        all.addAll(call.args());
        yield all;
      }
      case ArrayExpr array -> array.items();
      case ObjectExpr object -> object.fields().stream().map(Field::value).toList();
      case Unary unary -> List.of(unary.operand());
      case Binary binary -> List.of(binary.left(), binary.right());
      case Paren paren -> List.of(paren.inner());
      case Literal literal -> List.of();
      case Ident ident -> List.of();
      case Bad bad -> List.of();
    };
  }
}
