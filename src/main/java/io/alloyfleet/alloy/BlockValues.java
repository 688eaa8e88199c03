package io.alloyfleet.alloy;

import io.alloyfleet.alloy.Syntax.ArrayExpr;
import io.alloyfleet.alloy.Syntax.Attribute;
import io.alloyfleet.alloy.Syntax.Block;
import io.alloyfleet.alloy.Syntax.Body;
import io.alloyfleet.alloy.Syntax.Expr;
import io.alloyfleet.alloy.Syntax.Literal;
import io.alloyfleet.alloy.Syntax.ObjectExpr;
import io.alloyfleet.alloy.Syntax.Statement;
import io.alloyfleet.alloy.Syntax.Unary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a block's body sets, as far as its text tells: each attribute's literal value (a value that
 * is an expression is not known until Alloy evaluates it) and the blocks it holds. The load rules
 * judge a block only by values they know.
 */
final class BlockValues {

  private static final Pattern DURATION_PART =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h|d|w|y)");
  private static final Map<String, Double> NANOS =
      Map.of(
          "ns", 1d,
          "us", 1e3,
          "µs", 1e3,
          "ms", 1e6,
          "s", 1e9,
          "m", 60e9,
          "h", 3600e9,
          "d", 86400e9,
          "w", 7 * 86400e9,
          "y", 365 * 86400e9);

  private final Map<String, Attribute> attributes = new HashMap<>();
  private final Body body;
  private Map<String, List<Block>> blocks; // named on first use: most rules read attributes only

  BlockValues(Body body) {
    this.body = body;
    for (Statement s : body.statements()) {
      if (s instanceof Attribute a) {
        attributes.putIfAbsent(a.name(), a);
      }
    }
  }

  private Map<String, List<Block>> blocks() {
    if (blocks == null) {
      blocks = new HashMap<>();
      for (Statement s : body.statements()) {
        if (s instanceof Block b) {
          blocks.computeIfAbsent(b.fullName(), k -> new ArrayList<>()).add(b);
        }
      }
    }
    return blocks;
  }

  /** The attribute or block is written. */
  boolean has(String name) {
    return attributes.containsKey(name) || blocks().containsKey(name);
  }

  Optional<Attribute> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  /** The first block of that name. */
  Optional<BlockValues> block(String name) {
    List<Block> found = blocks().get(name);
    return found == null ? Optional.empty() : Optional.of(new BlockValues(found.get(0).body()));
  }

  /** Every name is absent or a literal: a rule over them can be judged now. */
  boolean known(String... names) {
    for (String name : names) {
      Attribute a = attributes.get(name);
      if (a != null && !literal(a.value())) {
        return false;
      }
    }
    return true;
  }

  /** A string's value (a number as written); empty when absent or not a literal string. */
  Optional<String> string(String name) {
    Attribute a = attributes.get(name);
    return a == null ? Optional.empty() : text(a.value());
  }

  /** The string's value, or {@code fallback} when absent (the caller checked it is known). */
  String string(String name, String fallback) {
    return string(name).orElse(fallback);
  }

  /** The literal strings of a list (or of a single string). */
  List<String> strings(String name) {
    Attribute a = attributes.get(name);
    if (a == null) {
      return List.of();
    }
    if (a.value() instanceof ArrayExpr array) {
      List<String> items = new ArrayList<>();
      array.items().forEach(i -> text(i).ifPresent(items::add));
      return items;
    }
    return text(a.value()).map(List::of).orElse(List.of());
  }

  OptionalDouble number(String name) {
    Optional<String> text = numberText(name);
    try {
      return text.isPresent()
          ? OptionalDouble.of(Double.parseDouble(text.get().strip()))
          : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** The number, or {@code fallback} when absent (the caller checked it is known). */
  double number(String name, double fallback) {
    return attributes.containsKey(name) ? number(name).orElse(Double.NaN) : fallback;
  }

  Optional<Boolean> bool(String name) {
    Attribute a = attributes.get(name);
    return a != null && a.value() instanceof Literal l && l.kind() == Token.Kind.BOOL
        ? Optional.of(l.text().equals("true"))
        : Optional.empty();
  }

  /** A duration's nanoseconds ({@code "1m30s"}); empty when absent or not a valid duration. */
  OptionalLong duration(String name) {
    return string(name).map(BlockValues::nanos).orElse(OptionalLong.empty());
  }

  /** The duration, or {@code fallback} when absent; empty when set but not a valid duration. */
  OptionalLong duration(String name, long fallback) {
    return attributes.containsKey(name) ? duration(name) : OptionalLong.of(fallback);
  }

  static OptionalLong nanos(String text) {
    if (text.equals("0")) {
      return OptionalLong.of(0);
    }
    boolean negative = text.startsWith("-");
    String rest = negative || text.startsWith("+") ? text.substring(1) : text;
    Matcher m = DURATION_PART.matcher(rest);
    double total = 0;
    int at = 0;
    while (m.find() && m.start() == at) {
      total += Double.parseDouble(m.group(1)) * NANOS.get(m.group(2));
      at = m.end();
    }
    if (at == 0 || at != rest.length()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of((long) (negative ? -total : total));
  }

  private Optional<String> numberText(String name) {
    Attribute a = attributes.get(name);
    if (a == null) {
      return Optional.empty();
    }
    if (a.value() instanceof Unary u
        && u.op() == Token.Kind.SUB
        && u.operand() instanceof Literal l
        && l.kind() != Token.Kind.STRING) {
      return Optional.of("-" + l.text());
    }
    return text(a.value());
  }

  private static Optional<String> text(Expr value) {
    if (value instanceof Literal l) {
      return switch (l.kind()) {
        case STRING -> Optional.of(TokenCursor.unquote(l.text()));
        case NUMBER, FLOAT -> Optional.of(l.text());
        default -> Optional.empty();
      };
    }
    return Optional.empty();
  }

  private static boolean literal(Expr value) {
    return switch (value) {
      case Literal l -> true;
      case Unary u -> u.operand() instanceof Literal;
      case ArrayExpr a -> a.items().stream().allMatch(BlockValues::literal);
      case ObjectExpr o -> o.fields().stream().allMatch(f -> literal(f.value()));
      default -> false;
    };
  }
}
