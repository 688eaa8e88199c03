package io.alloyfleet.alloy;

import io.alloyfleet.alloy.ComponentCatalog.Component;
import io.alloyfleet.alloy.ComponentCatalog.Shape;
import io.alloyfleet.alloy.Syntax.Access;
import io.alloyfleet.alloy.Syntax.Attribute;
import io.alloyfleet.alloy.Syntax.Block;
import io.alloyfleet.alloy.Syntax.Body;
import io.alloyfleet.alloy.Syntax.Expr;
import io.alloyfleet.alloy.Syntax.Ident;
import io.alloyfleet.alloy.Syntax.Statement;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.text.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Alloy checks when it loads a config, beyond syntax: components exist and carry a label, name
 * and label pairs are unique, arguments and blocks are known and the required ones present, and
 * every reference to a component points at one declared in the same scope (a {@code declare} body
 * is a scope of its own).
 */
public final class ComponentChecker {

  private static final Set<String> IMPORTS =
      Set.of("import.file", "import.string", "import.http", "import.git");

  private final ComponentCatalog catalog;
  private final Options options;
  private final List<Problem> errors = new ArrayList<>();

  /**
   * How the agent runs Alloy: its {@code --stability.level}, and whether community components are
   * enabled ({@code --feature.community-components.enabled}).
   */
  public record Options(ComponentCatalog.Stability level, boolean community) {
    static final Options DEFAULT =
        new Options(ComponentCatalog.Stability.GENERALLY_AVAILABLE, false);
  }

  private ComponentChecker(ComponentCatalog catalog, Options options) {
    this.catalog = catalog;
    this.options = options;
  }

  static List<Problem> check(Body body, ComponentCatalog catalog, Options options) {
    ComponentChecker checker = new ComponentChecker(catalog, options);
    checker.scope(body, Set.of(), Set.of());
    return checker.errors;
  }

  private void error(int line, int column, String message) {
    errors.add(AlloyError.at(line, column, message));
  }

  /** A component instance declared in a scope. */
  private record Instance(String name, String label, Block block) {}

  private void scope(Body body, Set<String> outerCustom, Set<String> outerNamespaces) {
    Set<String> custom = new HashSet<>(outerCustom);
    Set<String> namespaces = new HashSet<>(outerNamespaces);
    for (Statement s : body.statements()) {
      if (s instanceof Block b && b.label() != null) {
        if (b.fullName().equals("declare")) {
          custom.add(b.label());
        } else if (IMPORTS.contains(b.fullName())) {
          namespaces.add(b.label());
        }
      }
    }
    Map<String, Instance> instances = new LinkedHashMap<>();
    for (Statement s : body.statements()) {
      if (!(s instanceof Block b)) {
        continue;
      }
      String name = b.fullName();
      if (name.equals("declare")) {
        scope(b.body(), custom, namespaces);
        continue;
      }
      Optional<Component> config = catalog.configBlock(name);
      if (config.isPresent()) {
        shape(b.body(), config.get().shape(), name, b.line());
        continue;
      }
      boolean customComponent = custom.contains(name) || namespaces.contains(b.name().get(0));
      Optional<Component> component = catalog.component(name);
      if (b.label() == null
          && (customComponent || component.map(Component::labelled).orElse(true))) {
        error(b.line(), b.column(), "component " + Text.quote(name) + " must have a label");
        continue;
      }
      Instance previous =
          instances.putIfAbsent(name + " " + b.label(), new Instance(name, b.label(), b));
      if (previous != null) {
        errors.add(
            AlloyError.duplicate(
                b.line(),
                b.column(),
                "component " + name + " " + Text.quote(b.label()) + " is declared twice",
                previous.block().line()));
      }
      if (component.isEmpty() && !customComponent) {
        error(
            b.line(),
            b.column(),
            "unknown component "
                + Text.quote(name)
                + Text.closest(name, catalog.names())
                    .map(c -> " (did you mean " + Text.quote(c) + "?)")
                    .orElse(""));
      }
      component.ifPresent(
          c -> {
            stability(b, c);
            shape(b.body(), c.shape(), name, b.line());
          });
    }
    Map<String, List<Instance>> byName = new HashMap<>();
    instances
        .values()
        .forEach(i -> byName.computeIfAbsent(i.name(), k -> new ArrayList<>()).add(i));
    for (Statement s : body.statements()) {
      if (s instanceof Block b && !b.fullName().equals("declare")) {
        references(b.body(), byName, custom);
      } else if (s instanceof Attribute a) {
        expression(a.value(), byName, custom);
      }
    }
  }

  /** A component Alloy loads only at a lower stability level, or with community components on. */
  private void stability(Block b, Component c) {
    if (c.community() && !options.community()) {
      error(
          b.line(),
          b.column(),
          "component "
              + c.name()
              + " is a community component: Alloy loads it only with"
              + " --feature.community-components.enabled (agent.communityComponents: true)");
    } else if (c.stability().compareTo(options.level()) > 0) {
      error(
          b.line(),
          b.column(),
          "component "
              + c.name()
              + " is "
              + c.stability().flag()
              + ": Alloy loads it only with --stability.level="
              + c.stability().flag()
              + " or lower (agent.stabilityLevel: "
              + c.stability().flag()
              + ")");
    }
  }

  /** Arguments and blocks of a component or block against its shape. */
  private void shape(Body body, Shape shape, String where, int line) {
    if (!shape.checked()) {
      return;
    }
    Set<String> seenArgs = new HashSet<>();
    Set<String> seenBlocks = new HashSet<>();
    for (Statement s : body.statements()) {
      switch (s) {
        case Attribute a -> {
          ComponentCatalog.Arg arg = shape.args().get(a.name());
          if (arg == null) {
            error(
                a.line(),
                a.column(),
                "unknown argument "
                    + Text.quote(a.name())
                    + " in "
                    + where
                    + Text.closest(a.name(), shape.args().keySet())
                        .map(c -> " (did you mean " + Text.quote(c) + "?)")
                        .orElse(""));
          } else if (!seenArgs.add(a.name())) {
            error(
                a.line(),
                a.column(),
                "argument " + Text.quote(a.name()) + " is set twice in " + where);
          } else {
            arg.type()
                .mismatch(a.value(), this::exportType)
                .ifPresent(
                    wrong -> {
                      Statement at = position(a.value(), arg.type(), a);
                      error(
                          at.line(),
                          at.column(),
                          "argument " + Text.quote(a.name()) + " of " + where + ": " + wrong);
                    });
          }
        }
        case Block b -> {
          String name = b.fullName();
          Shape inner = shape.blocks().get(name);
          if (inner == null) {
            error(
                b.line(),
                b.column(),
                "unknown block "
                    + Text.quote(name)
                    + " in "
                    + where
                    + Text.closest(name, shape.blocks().keySet())
                        .map(c -> " (did you mean " + Text.quote(c) + "?)")
                        .orElse(""));
          } else {
            seenBlocks.add(name);
            shape(b.body(), inner, where + " > " + name, b.line());
          }
        }
      }
    }
    load(body, shape, where, line);
    // A name of an "exactly one of" group is required as one of its group, not on its own.
    Set<String> grouped = new HashSet<>();
    shape.oneOf().forEach(grouped::addAll);
    shape
        .args()
        .forEach(
            (arg, spec) -> {
              if (spec.required() && !grouped.contains(arg) && !seenArgs.contains(arg)) {
                error(
                    lineOf(body, line),
                    1,
                    "missing required argument " + Text.quote(arg) + " in " + where);
              }
            });
    for (String block : shape.requiredBlocks()) {
      if (!grouped.contains(block) && !seenBlocks.contains(block)) {
        error(
            lineOf(body, line), 1, "missing required block " + Text.quote(block) + " in " + where);
      }
    }
    for (List<String> group : shape.oneOf()) {
      // Only groups the reference marks required are "exactly one of"; the others document
      // alternatives that may be combined.
      boolean required =
          group.stream()
              .allMatch(
                  n ->
                      shape.requiredBlocks().contains(n)
                          || shape.args().containsKey(n) && shape.args().get(n).required());
      if (!required) {
        continue;
      }
      List<String> set =
          group.stream().filter(n -> seenArgs.contains(n) || seenBlocks.contains(n)).toList();
      if (set.size() != 1) {
        error(
            lineOf(body, line),
            1,
            "exactly one of "
                + String.join(", ", group)
                + " must be set in "
                + where
                + (set.isEmpty() ? "" : " (set: " + String.join(", ", set) + ")"));
      }
    }
  }

  /** Where a missing argument is reported: the body's first line, or its block's when empty. */
  private static int lineOf(Body body, int blockLine) {
    return body.statements().isEmpty() ? blockLine : body.statements().get(0).line();
  }

  /**
   * The type of a reference to a built-in component's export ({@code loki.write.default.receiver}),
   * when the catalog knows it.
   */
  private Optional<AlloyType> exportType(Expr value) {
    List<String> chain = value instanceof Access ? chain(value) : null;
    if (chain == null) {
      return Optional.empty();
    }
    for (int k = chain.size() - 2; k >= 1; k--) {
      Optional<Component> component = catalog.component(String.join(".", chain.subList(0, k)));
      if (component.isPresent()) {
        return k + 2 == chain.size()
            ? Optional.ofNullable(component.get().exportTypes().get(chain.get(k + 1)))
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Where a value that does not fit its type goes wrong: the reference in it that does not fit (at
   * its own line, in a list or map written over several lines), or the attribute.
   */
  private Statement position(Expr value, AlloyType type, Attribute attribute) {
    List<Expr> parts =
        switch (value) {
          case Syntax.ArrayExpr a when type instanceof AlloyType.ListOf l ->
              a.items().stream()
                  .filter(i -> l.item().mismatch(i, this::exportType).isPresent())
                  .toList();
          case Syntax.ObjectExpr o when type instanceof AlloyType.MapOf m ->
              o.fields().stream()
                  .map(Syntax.Field::value)
                  .filter(v -> m.value().mismatch(v, this::exportType).isPresent())
                  .toList();
          default -> List.of();
        };
    if (!parts.isEmpty()) {
      AlloyType inner =
          type instanceof AlloyType.ListOf l ? l.item() : ((AlloyType.MapOf) type).value();
      return position(parts.get(0), inner, attribute);
    }
    if (value instanceof Access access) {
      Ident root = root(access);
      return new Attribute(attribute.name(), value, root.line(), root.column());
    }
    return attribute;
  }

  /**
   * What Alloy refuses when it decodes and validates the block ({@link LoadChecks}): at the
   * argument concerned, or at the block.
   */
  private void load(Body body, Shape shape, String where, int line) {
    for (LoadChecks.Problem problem : LoadChecks.get().check(where, shape, body)) {
      Optional<Attribute> at =
          problem
              .argument()
              .flatMap(
                  name ->
                      body.statements().stream()
                          .filter(s -> s instanceof Attribute a && a.name().equals(name))
                          .map(Attribute.class::cast)
                          .findFirst());
      if (at.isPresent()) {
        error(
            at.get().line(),
            at.get().column(),
            "argument " + Text.quote(at.get().name()) + " of " + where + ": " + problem.message());
      } else {
        error(lineOf(body, line), 1, where + ": " + problem.message());
      }
    }
  }

  private void references(Body body, Map<String, List<Instance>> instances, Set<String> custom) {
    for (Statement s : body.statements()) {
      switch (s) {
        case Attribute a -> expression(a.value(), instances, custom);
        case Block b -> references(b.body(), instances, custom);
      }
    }
  }

  private void expression(Expr expr, Map<String, List<Instance>> instances, Set<String> custom) {
    switch (expr) {
      case Access access -> {
        List<String> chain = chain(access);
        if (chain != null) {
          reference(chain, access, instances, custom);
        } else {
          expression(access.target(), instances, custom);
        }
      }
      case Syntax.Index i -> {
        expression(i.target(), instances, custom);
        expression(i.index(), instances, custom);
      }
      case Syntax.Call c -> {
        expression(c.function(), instances, custom);
        c.args().forEach(a -> expression(a, instances, custom));
      }
      case Syntax.ArrayExpr a -> a.items().forEach(i -> expression(i, instances, custom));
      case Syntax.ObjectExpr o -> o.fields().forEach(f -> expression(f.value(), instances, custom));
      case Syntax.Unary u -> expression(u.operand(), instances, custom);
      case Syntax.Binary b -> {
        expression(b.left(), instances, custom);
        expression(b.right(), instances, custom);
      }
      case Syntax.Paren p -> expression(p.inner(), instances, custom);
      case Ident i -> {}
      case Syntax.Literal l -> {}
      case Syntax.Bad b -> {}
    }
  }

  /** {@code a.b.c} as identifiers, or null when the chain does not start at an identifier. */
  private static List<String> chain(Expr expr) {
    List<String> parts = new ArrayList<>();
    while (expr instanceof Access a) {
      parts.add(0, a.field());
      expr = a.target();
    }
    if (!(expr instanceof Ident root)) {
      return null;
    }
    parts.add(0, root.name());
    return parts;
  }

  private void reference(
      List<String> chain, Access at, Map<String, List<Instance>> instances, Set<String> custom) {
    for (int k = chain.size() - 1; k >= 1; k--) {
      String name = String.join(".", chain.subList(0, k));
      boolean known = catalog.component(name).isPresent() || custom.contains(name);
      if (!known) {
        continue;
      }
      String label = chain.get(k);
      List<Instance> declared = instances.getOrDefault(name, List.of());
      Optional<Instance> target =
          declared.stream().filter(i -> i.label().equals(label)).findFirst();
      Ident root = root(at);
      int line = root.line();
      int column = root.column();
      if (target.isEmpty()) {
        List<String> labels = declared.stream().map(Instance::label).toList();
        error(
            line,
            column,
            "reference to undeclared component "
                + name
                + " "
                + Text.quote(label)
                + Text.closest(label, labels)
                    .map(c -> " (did you mean " + Text.quote(c) + "?)")
                    .orElse(""));
        return;
      }
      Set<String> exports = catalog.component(name).map(Component::exports).orElse(null);
      if (exports != null && chain.size() > k + 1 && !exports.contains(chain.get(k + 1))) {
        String export = chain.get(k + 1);
        error(
            line,
            column,
            name
                + " has no export "
                + Text.quote(export)
                + (exports.isEmpty()
                    ? ""
                    : Text.closest(export, exports)
                        .map(c -> " (did you mean " + Text.quote(c) + "?)")
                        .orElse(
                            " (it exports "
                                + String.join(", ", new java.util.TreeSet<>(exports))
                                + ")")));
      }
      return;
    }
  }

  private static Ident root(Access access) {
    Expr expr = access;
    while (expr instanceof Access a) {
      expr = a.target();
    }
    return (Ident) expr;
  }
}
