package io.alloyfleet.alloy;

import io.alloyfleet.alloy.Syntax.ArrayExpr;
import io.alloyfleet.alloy.Syntax.Expr;
import io.alloyfleet.alloy.Syntax.Literal;
import io.alloyfleet.alloy.Syntax.ObjectExpr;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An argument's type as the reference names it, and what Alloy assigns to it from a literal: {@code
 * null} goes anywhere; a number goes into a string; a string into a number only when it is a
 * number; booleans only into {@code bool}; a duration is a string such as {@code "1h30m"}; lists,
 * maps and objects by shape. A capsule (a receiver, a consumer, relabel rules) takes only a value
 * of the same Go type: a reference to a component's export is checked by the export's type (from
 * the catalog), and other expressions are not guessed at. Types the checks do not model ({@code
 * any}) accept everything.
 */
public sealed interface AlloyType {

  /** The type of a reference to a component's export, when the catalog knows it. */
  @FunctionalInterface
  interface References {
    Optional<AlloyType> typeOf(Expr value);

    References NONE = value -> Optional.empty();
  }

  /** What the checks know of a value: its kind, or nothing (not a literal). */
  enum Kind {
    STRING("string"),
    NUMBER("number"),
    BOOL("bool"),
    ARRAY("array"),
    OBJECT("object");

    final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  Pattern DURATION = Pattern.compile("-?([0-9]+(\\.[0-9]*)?(ns|us|µs|ms|s|m|h|d|w|y))+|0");
  Pattern NUMBER = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

  /**
   * Why {@code value} cannot be assigned to this type; empty when it can, or when neither a literal
   * nor a reference of a known type.
   */
  Optional<String> mismatch(Expr value, References references);

  /** The same for literals only. */
  default Optional<String> mismatch(Expr value) {
    return mismatch(value, References.NONE);
  }

  /** The type as Alloy writes it. */
  String describe();

  record Scalar(String name) implements AlloyType {
    @Override
    public Optional<String> mismatch(Expr value, References references) {
      Optional<Kind> kind = kind(value);
      if (kind.isEmpty()) {
        return Optional.empty();
      }
      String text = kind.get() == Kind.STRING ? unquote(value) : "";
      boolean fits =
          switch (name) {
            case "string", "secret" -> kind.get() == Kind.STRING || kind.get() == Kind.NUMBER;
            case "number", "int" ->
                kind.get() == Kind.NUMBER
                    || kind.get() == Kind.STRING && NUMBER.matcher(text.strip()).matches();
            case "bool" -> kind.get() == Kind.BOOL;
            case "duration" -> kind.get() == Kind.STRING && DURATION.matcher(text).matches();
            default -> true;
          };
      if (fits) {
        return Optional.empty();
      }
      if (name.equals("duration") && kind.get() == Kind.STRING) {
        return Optional.of(
            io.alloyfleet.text.Text.quote(text)
                + " is not a duration (expected a number and a unit, such as \"30s\" or \"1h30m\")");
      }
      return Optional.of("expected " + name + ", got " + kind.get().word);
    }

    @Override
    public String describe() {
      return name;
    }
  }

  record ListOf(AlloyType item) implements AlloyType {
    @Override
    public Optional<String> mismatch(Expr value, References references) {
      if (value instanceof ArrayExpr array) {
        return firstMismatch(
            item, array.items().stream().map(i -> Map.entry("in a list item", i)), references);
      }
      Optional<String> literal = kind(value).map(k -> "expected " + describe() + ", got " + k.word);
      if (literal.isPresent()) {
        return literal;
      }
      return references
          .typeOf(value)
          .filter(Capsule.class::isInstance)
          .map(t -> "expected " + describe() + ", got " + ((Capsule) t).alloyWords());
    }

    @Override
    public String describe() {
      return "list(" + item.describe() + ")";
    }
  }

  record MapOf(AlloyType value) implements AlloyType {
    @Override
    public Optional<String> mismatch(Expr expr, References references) {
      if (expr instanceof ObjectExpr object) {
        return firstMismatch(
            value,
            object.fields().stream()
                .map(f -> Map.entry("in key " + io.alloyfleet.text.Text.quote(f.key()), f.value())),
            references);
      }
      return kind(expr).map(k -> "expected " + describe() + ", got " + k.word);
    }

    @Override
    public String describe() {
      return "map(" + value.describe() + ")";
    }
  }

  /**
   * A capsule: a Go value Alloy passes between components as is ({@code name} as the reference
   * writes it, {@code goType} as Alloy's errors do). A value of another Go type does not fit:
   * {@code expected capsule("storage.Appendable"), got capsule("loki.LogsReceiver")}, as
   * syntax/internal/value/decode.go says (the Go interfaces Alloy's components export have disjoint
   * method sets, so none converts into another).
   */
  record Capsule(String name, String goType) implements AlloyType {

    /** The reference's spellings of the capsules that components export → their Go types. */
    static final Map<String, String> GO_TYPES =
        Map.ofEntries(
            Map.entry("LogsReceiver", "loki.LogsReceiver"),
            Map.entry("loki.LogsReceiver", "loki.LogsReceiver"),
            Map.entry("MetricsReceiver", "storage.Appendable"),
            Map.entry("ProfilesReceiver", "pyroscope.Appendable"),
            Map.entry("pyroscope.Appendable", "pyroscope.Appendable"),
            Map.entry("otelcol.Consumer", "otelcol.Consumer"),
            Map.entry("capsule(otelcol.Handler)", "auth.Handler"),
            Map.entry("RelabelRules", "relabel.Rules"));

    @Override
    public Optional<String> mismatch(Expr value, References references) {
      Optional<String> literal = kind(value).map(k -> "expected capsule, got " + k.word);
      if (literal.isPresent()) {
        return literal;
      }
      return references
          .typeOf(value)
          .filter(Capsule.class::isInstance)
          .map(Capsule.class::cast)
          .filter(other -> !other.goType.equals(goType))
          .map(other -> "expected " + alloyWords() + ", got " + other.alloyWords());
    }

    /** {@code capsule("loki.LogsReceiver")}, as Alloy describes a capsule value. */
    String alloyWords() {
      return "capsule(\"" + goType + "\")";
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /** A type the checks do not model ({@code any}, a page-specific spelling): anything goes. */
  record Unchecked(String name) implements AlloyType {
    @Override
    public Optional<String> mismatch(Expr value, References references) {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /** The first item of a list or map that does not fit {@code type}, said where it is. */
  private static Optional<String> firstMismatch(
      AlloyType type,
      java.util.stream.Stream<Map.Entry<String, Expr>> items,
      References references) {
    return items
        .flatMap(
            item ->
                type
                    .mismatch(item.getValue(), references)
                    .map(w -> item.getKey() + ": " + w)
                    .stream())
        .findFirst();
  }

  /** The reference's spelling of a type → the type (its variant spellings normalized). */
  static AlloyType of(String text) {
    String t = text.strip();
    if (t.startsWith("list(") && t.endsWith(")")) {
      return new ListOf(of(t.substring(5, t.length() - 1)));
    }
    if (t.startsWith("array(") && t.endsWith(")")) {
      return new ListOf(of(t.substring(6, t.length() - 1)));
    }
    if (t.startsWith("[]")) {
      return new ListOf(of(t.substring(2)));
    }
    if (t.startsWith("map(") && t.endsWith(")")) {
      return new MapOf(of(t.substring(4, t.length() - 1)));
    }
    String goType = Capsule.GO_TYPES.get(t);
    if (goType != null) {
      return new Capsule(t, goType);
    }
    return switch (t) {
      case "string", "string` or `secret", "secret` or `string" -> new Scalar("string");
      case "secret" -> new Scalar("secret");
      case "bool", "boolean" -> new Scalar("bool");
      case "number", "float", "float32", "float64" -> new Scalar("number");
      case "int", "integer", "uint", "uint32" -> new Scalar("int");
      case "duration", "Duration" -> new Scalar("duration");
      case "map[string]string" -> new MapOf(new Scalar("string"));
      case "object" -> new MapOf(new Unchecked("any"));
      default -> new Unchecked(t);
    };
  }

  /** A literal's kind; empty for an expression that is not a literal. */
  static Optional<Kind> kind(Expr value) {
    return switch (value) {
      case Literal l ->
          switch (l.kind()) {
            case STRING -> Optional.of(Kind.STRING);
            case NUMBER, FLOAT -> Optional.of(Kind.NUMBER);
            case BOOL -> Optional.of(Kind.BOOL);
            default -> Optional.empty(); // null goes anywhere
          };
      case Syntax.Unary u
          when u.operand() instanceof Literal l
              && (l.kind() == Token.Kind.NUMBER || l.kind() == Token.Kind.FLOAT) ->
          Optional.of(Kind.NUMBER);
      case ArrayExpr a -> Optional.of(Kind.ARRAY);
      case ObjectExpr o -> Optional.of(Kind.OBJECT);
      default -> Optional.empty();
    };
  }

  private static String unquote(Expr value) {
    String text = ((Literal) value).text();
    return text.length() >= 2 && (text.startsWith("\"") || text.startsWith("`"))
        ? text.substring(1, text.length() - 1)
        : text;
  }
}
