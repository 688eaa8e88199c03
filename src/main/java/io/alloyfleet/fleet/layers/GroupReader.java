package io.alloyfleet.fleet.layers;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.FleetFiles.RefusedFileException;
import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.Entry;
import io.alloyfleet.fleet.files.Node.ListNode;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.files.YamlReader;
import io.alloyfleet.fleet.values.KeyPath;
import io.alloyfleet.fleet.values.LabelSelector;
import io.alloyfleet.fleet.values.LabelSelector.Expression;
import io.alloyfleet.fleet.values.LabelSelector.Operator;
import io.alloyfleet.fleet.values.Labels;
import io.alloyfleet.fleet.values.ValuesSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code groups/*.yaml}. A group whose file or selector is wrong cannot say which clusters it
 * feeds, so its problems are every cluster's (like a broken fleet.yaml: each keeps its last good
 * render); a group whose values are wrong makes only the clusters it matches invalid.
 */
final class GroupReader {

  /**
   * Keys a group may not set: they decide which groups match, or belong to one cluster, or to the
   * platform.
   */
  static final List<String> NOT_IN_GROUPS =
      List.of("cluster.environment", "cluster.name", "cluster.labels", "policy");

  /** The groups that could be read, and the problems of those that could not (every cluster's). */
  record Groups(List<Group> groups, List<Problem> problems) {}

  private final ValuesSchema schema;

  GroupReader(ValuesSchema schema) {
    this.schema = schema;
  }

  Groups read(FleetFiles files) {
    List<String> names = new ArrayList<>();
    for (String file : files.files(Group.DIRECTORY)) {
      if (file.endsWith(".yaml")) {
        names.add(file);
      }
    }
    List<Problem> problems = new ArrayList<>();
    for (String link : files.links(Group.DIRECTORY)) {
      problems.add(
          Problem.of(
              Location.of(Group.DIRECTORY + "/" + link),
              "",
              Group.DIRECTORY + "/" + link + " is a symbolic link; links are not followed"));
    }
    List<Group> groups = new ArrayList<>();
    for (String name : names) {
      group(
              files,
              name.substring(0, name.length() - ".yaml".length()),
              Group.DIRECTORY + "/" + name,
              problems)
          .ifPresent(groups::add);
    }
    return new Groups(List.copyOf(groups), List.copyOf(problems));
  }

  private Optional<Group> group(FleetFiles files, String name, String path, List<Problem> fatal) {
    MapNode root;
    try {
      Optional<String> text = files.read(path);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      switch (YamlReader.read(path, text.get())) {
        case YamlReader.Result.Read read -> root = (MapNode) read.root();
        case YamlReader.Result.Unreadable bad -> {
          fatal.add(bad.problem());
          return Optional.empty();
        }
      }
    } catch (RefusedFileException e) {
      fatal.add(Problem.of(Location.of(path), "", e.getMessage()));
      return Optional.empty();
    }
    // The shape of the file; its values are checked as a layer of their own below.
    Optional<Entry> valuesEntry = Optional.ofNullable(root.entries().get("values"));
    Map<String, Entry> shape = new LinkedHashMap<>(root.entries());
    valuesEntry.ifPresent(
        v ->
            shape.put(
                "values", new Entry(v.keyLocation(), new MapNode(v.value().location(), Map.of()))));
    List<Problem> shapeProblems =
        new ArrayList<>(
            schema.checkDefinition("group", new MapNode(root.location(), shape), "").problems());
    Optional<LabelSelector> selector = selector(root, shapeProblems);
    if (!shapeProblems.isEmpty()
        || selector.isEmpty()
        || valuesEntry.isEmpty()
        || !(valuesEntry.get().value() instanceof MapNode values)) {
      if (valuesEntry.isPresent() && !(valuesEntry.get().value() instanceof MapNode)) {
        shapeProblems.add(
            Problem.of(
                valuesEntry.get().value().location(), "values", "expected a mapping of values"));
      }
      fatal.addAll(shapeProblems);
      return Optional.empty();
    }
    long priority =
        root.at("priority")
            .map(Node::plain)
            .filter(Long.class::isInstance)
            .map(Long.class::cast)
            .orElse(0L);
    return Optional.of(
        new Group(name, path, selector.get(), priority, allowed(values), valueProblems(values)));
  }

  /**
   * The selector, with the conditions that can never hold reported: an In list with no values, say.
   */
  private static Optional<LabelSelector> selector(MapNode root, List<Problem> problems) {
    Map<String, String> labels = Labels.read(root, "selector.matchLabels", problems);
    List<Expression> expressions = new ArrayList<>();
    Optional<Node> list = root.at("selector.matchExpressions");
    if (list.isPresent() && list.get() instanceof ListNode items) {
      for (int i = 0; i < items.items().size(); i++) {
        if (!(items.items().get(i) instanceof MapNode item)) {
          continue;
        }
        String path = "selector.matchExpressions[" + i + "]";
        Optional<String> key = item.at("key").flatMap(ValuesSchema::asString);
        Optional<String> word = item.at("operator").flatMap(ValuesSchema::asString);
        if (key.isEmpty()
            || word.isEmpty()
            || java.util.Arrays.stream(Operator.values())
                .noneMatch(o -> o.word().equals(word.get()))) {
          continue; // the schema check reported it
        }
        Operator operator = Operator.of(word.get());
        Set<String> values = new LinkedHashSet<>();
        item.at("values")
            .filter(ListNode.class::isInstance)
            .map(ListNode.class::cast)
            .ifPresent(
                v -> v.items().forEach(n -> ValuesSchema.asString(n).ifPresent(values::add)));
        boolean hasValues = item.at("values").isPresent();
        if (operator.takesValues() && values.isEmpty()) {
          problems.add(
              Problem.of(
                  item.location(),
                  path + ".values",
                  "operator "
                      + operator.word()
                      + " needs at least one value: this expression can never match"));
        } else if (!operator.takesValues() && hasValues) {
          problems.add(
              Problem.of(
                  item.at("values").get().location(),
                  path + ".values",
                  "operator " + operator.word() + " takes no values"));
        }
        expressions.add(new Expression(key.get(), operator, values));
      }
    }
    return Optional.of(new LabelSelector(labels, expressions));
  }

  /**
   * Problems of a group's values as a layer: unknown keys, wrong types, keys a group may not set.
   */
  private List<Problem> valueProblems(MapNode values) {
    List<Problem> problems = new ArrayList<>();
    for (String key : NOT_IN_GROUPS) {
      entryAt(values, key)
          .ifPresent(
              entry ->
                  problems.add(
                      Problem.of(
                          entry.keyLocation(),
                          key,
                          key + " may not be set by a group",
                          key.equals("policy")
                              ? "the policy lives in fleet.yaml and environment files"
                              : "it decides which groups match, or belongs to one cluster: set it in cluster.yaml")));
    }
    for (Problem problem : schema.check(allowed(values), values.location()).problems()) {
      if (!problem.message().equals("missing required value")) {
        problems.add(problem);
      }
    }
    return problems;
  }

  /** The values without the keys a group may not set (they are reported, never merged). */
  private static MapNode allowed(MapNode values) {
    MapNode kept = values;
    for (String key : NOT_IN_GROUPS) {
      kept = without(kept, KeyPath.of(key).keys(), 0);
    }
    return kept;
  }

  private static MapNode without(MapNode map, List<String> keys, int depth) {
    Entry entry = map.entries().get(keys.get(depth));
    if (entry == null) {
      return map;
    }
    Map<String, Entry> entries = new LinkedHashMap<>(map.entries());
    if (depth == keys.size() - 1) {
      entries.remove(keys.get(depth));
    } else if (entry.value() instanceof MapNode child) {
      entries.put(keys.get(depth), new Entry(entry.keyLocation(), without(child, keys, depth + 1)));
    }
    return new MapNode(map.location(), entries);
  }

  private static Optional<Entry> entryAt(MapNode map, String path) {
    List<String> keys = KeyPath.of(path).keys();
    MapNode at = map;
    for (int i = 0; i < keys.size(); i++) {
      Entry entry = at.entries().get(keys.get(i));
      if (entry == null) {
        return Optional.empty();
      }
      if (i == keys.size() - 1) {
        return Optional.of(entry);
      }
      if (!(entry.value() instanceof MapNode child)) {
        return Optional.empty();
      }
      at = child;
    }
    return Optional.empty();
  }
}
