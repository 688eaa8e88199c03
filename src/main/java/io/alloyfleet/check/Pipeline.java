package io.alloyfleet.check;

import io.alloyfleet.alloy.Syntax;
import io.alloyfleet.alloy.Syntax.Access;
import io.alloyfleet.alloy.Syntax.Attribute;
import io.alloyfleet.alloy.Syntax.Block;
import io.alloyfleet.alloy.Syntax.Body;
import io.alloyfleet.alloy.Syntax.Expr;
import io.alloyfleet.alloy.Syntax.Ident;
import io.alloyfleet.alloy.Syntax.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * The fleet's generated pipeline as team Alloy may use it. Every signal the agent sends passes the
 * identity stamping, {@code otelcol.processor.transform "fleet"}, which overwrites the cluster,
 * environment and (when the cluster has one) tenant attributes; team Alloy sends into it or into
 * what feeds it (the generated receivers). What follows the stamping (the batch processor, the
 * exporters), and the generated auth extension that holds the agent's token, are out of team
 * Alloy's reach: found by following the stamping's {@code output} references through the generated
 * part, so a template change keeps the rule.
 */
record Pipeline(Set<String> pastStamping) {

  /** The component that stamps every signal with the cluster's identity (see config.alloy). */
  static final String STAMPING = "otelcol.processor.transform.fleet";

  /** The generated entry points a team pipeline sends to, as the refusal names them. */
  static final String ENTRY_POINTS =
      STAMPING
          + ".input (OTLP), otelcol.receiver.prometheus.default.receiver (metrics) or"
          + " otelcol.receiver.loki.default.receiver (logs)";

  /** The generated pipeline of a config.alloy: its blocks on lines {@code teamWritten} refuses. */
  static Pipeline of(Body body, IntPredicate teamWritten) {
    Map<String, Block> generated = new LinkedHashMap<>();
    for (Statement statement : body.statements()) {
      if (statement instanceof Block block
          && block.label() != null
          && !teamWritten.test(block.line())) {
        generated.put(block.fullName() + "." + block.label(), block);
      }
    }
    Set<String> past = new TreeSet<>();
    if (!generated.containsKey(STAMPING)) {
      return new Pipeline(past);
    }
    Deque<String> pending = new ArrayDeque<>(List.of(STAMPING));
    while (!pending.isEmpty()) {
      Block block = generated.get(pending.pop());
      for (String target : outputs(block.body())) {
        generated.keySet().stream()
            .filter(instance -> target.startsWith(instance + "."))
            .filter(past::add)
            .forEach(pending::push);
      }
    }
    generated.keySet().stream().filter(i -> i.startsWith("otelcol.auth.")).forEach(past::add);
    return new Pipeline(past);
  }

  /** The references in a block's {@code output} blocks and {@code forward_to}. */
  private static List<String> outputs(Body body) {
    List<String> names = new ArrayList<>();
    for (Statement statement : body.statements()) {
      switch (statement) {
        case Block block when block.fullName().equals("output") ->
            block.body().statements().stream()
                .filter(Attribute.class::isInstance)
                .map(s -> ((Attribute) s).value())
                .forEach(value -> references(value, names));
        case Attribute attribute when attribute.name().equals("forward_to") ->
            references(attribute.value(), names);
        default -> {}
      }
    }
    return names;
  }

  private static void references(Expr expr, List<String> names) {
    Optional<String> name = expr instanceof Access access ? name(access) : Optional.empty();
    if (name.isPresent()) {
      names.add(name.get());
    } else {
      Syntax.children(expr).forEach(child -> references(child, names));
    }
  }

  /** The dotted name of an access chain on an identifier, {@code a.b.c}; empty for others. */
  static Optional<String> name(Access access) {
    StringBuilder name = new StringBuilder(access.field());
    Expr target = access.target();
    while (target instanceof Access inner) {
      name.insert(0, inner.field() + ".");
      target = inner.target();
    }
    return target instanceof Ident ident
        ? Optional.of(ident.name() + "." + name)
        : Optional.empty();
  }

  /** The identifier an access chain starts from; only for a chain {@link #name} names. */
  static Ident root(Access access) {
    Expr target = access.target();
    while (target instanceof Access inner) {
      target = inner.target();
    }
    return (Ident) target;
  }

  /** Why a team's reference to {@code name} is refused: it skips the identity stamping. */
  Optional<String> skipsStamping(String name) {
    return pastStamping.stream()
        .filter(instance -> name.startsWith(instance + ".") || name.equals(instance))
        .findFirst()
        .map(
            instance ->
                name
                    + " is part of the fleet's pipeline after its identity stamping ("
                    + STAMPING
                    + "): team Alloy sends to "
                    + ENTRY_POINTS
                    + ", which set the cluster's identity");
  }
}
