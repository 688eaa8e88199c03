package io.alloyfleet.fleet.files;

import io.alloyfleet.diagnostics.Location;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value that remembers where it was written. Layers of values merge into one tree of nodes,
 * each still pointing at the file and line it came from, so a problem in a merged value is reported
 * against the file that set it.
 */
public sealed interface Node {

  Location location();

  /** The plain Java value (Map, List, String, Long, Double, Boolean or null). */
  Object plain();

  /** A mapping; keys keep the order of the file. */
  record MapNode(Location location, Map<String, Entry> entries) implements Node {
    public MapNode {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public Optional<Node> get(String key) {
      return Optional.ofNullable(entries.get(key)).map(Entry::value);
    }

    @Override
    public Object plain() {
      Map<String, Object> out = new LinkedHashMap<>();
      entries.forEach((k, e) -> out.put(k, e.value().plain()));
      return out;
    }
  }

  /** One key of a mapping, with the position of the key itself. */
  record Entry(Location keyLocation, Node value) {}

  record ListNode(Location location, List<Node> items) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public Object plain() {
      List<Object> out = new ArrayList<>();
      items.forEach(i -> out.add(i.plain()));
      return out;
    }
  }

  /** A scalar: String, Long, Double, Boolean, or null for an explicit YAML null. */
  record ScalarNode(Location location, Object value) implements Node {
    public boolean isNull() {
      return value == null;
    }

    @Override
    public Object plain() {
      return value;
    }
  }

  /**
   * The node at a key path such as {@code rbac.scope} or {@code
   * rbac.additionalRules[0].resources[1]}.
   */
  default Optional<Node> at(String path) {
    Node current = this;
    for (String step : path.split("\\.")) {
      int bracket = step.indexOf('[');
      String key = bracket < 0 ? step : step.substring(0, bracket);
      if (!(current instanceof MapNode map) || map.get(key).isEmpty()) {
        return Optional.empty();
      }
      current = map.get(key).get();
      for (int i = bracket; i >= 0; i = step.indexOf('[', i + 1)) {
        int index = Integer.parseInt(step.substring(i + 1, step.indexOf(']', i)));
        if (!(current instanceof ListNode list) || index >= list.items().size()) {
          return Optional.empty();
        }
        current = list.items().get(index);
      }
    }
    return Optional.of(current);
  }
}
