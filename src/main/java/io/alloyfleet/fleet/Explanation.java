package io.alloyfleet.fleet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.layers.LayerStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a cluster's values come from: the merged values, and for every value (a scalar, or a list,
 * which replaces whole) the file, line and column that set it and the earlier layers it overrode,
 * first to last. {@code outcome} says whether the cluster is valid, with its problems. A value the
 * schema marks secret ({@code auth.token}) shows as {@link #REDACTED}, with where it was set.
 */
public record Explanation(
    @JsonIgnore ClusterOutcome outcome, Object values, SortedMap<String, Source> sources) {

  /** Where one value was set, and what it overrode. */
  public record Source(String file, int line, int column, Object value, List<Place> overrides) {}

  public record Place(String file, int line, int column) {
    static Place of(Location at) {
      return new Place(at.file(), at.line(), at.column());
    }
  }

  /** What a secret-bearing key shows instead of its value. */
  public static final String REDACTED = "<redacted>";

  /** {@code secret}: the keys whose values are never shown, only where they were set. */
  static Explanation of(
      ClusterOutcome outcome,
      MapNode merged,
      List<LayerStack.Named> layers,
      java.util.function.Predicate<String> secret) {
    List<Map<String, Node>> set =
        layers.stream().map(layer -> LayerStack.leaves(layer.values())).toList();
    SortedMap<String, Source> sources = new TreeMap<>();
    LayerStack.leaves(merged)
        .forEach(
            (path, node) -> {
              List<Place> overrides = new ArrayList<>();
              for (Map<String, Node> layer : set) {
                Node earlier = layer.get(path);
                if (earlier != null && !earlier.location().equals(node.location())) {
                  overrides.add(Place.of(earlier.location()));
                }
              }
              Location at = node.location();
              sources.put(
                  path,
                  new Source(
                      at.file(),
                      at.line(),
                      at.column(),
                      secret.test(path) && node.plain() != null ? REDACTED : node.plain(),
                      List.copyOf(overrides)));
            });
    return new Explanation(outcome, redacted(merged.plain(), "", secret), sources);
  }

  /** The merged values with every secret-bearing value replaced by {@link #REDACTED}. */
  private static Object redacted(
      Object value, String path, java.util.function.Predicate<String> secret) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach(
          (key, child) -> {
            String at = path.isEmpty() ? String.valueOf(key) : path + "." + key;
            copy.put(String.valueOf(key), redacted(child, at, secret));
          });
      return copy;
    }
    return value != null && !path.isEmpty() && secret.test(path) ? REDACTED : value;
  }

  /**
   * Only the keys at or under {@code key} ({@code endpoints.otlp}): what {@code explain … KEY}
   * shows.
   */
  public Explanation only(String key) {
    SortedMap<String, Source> kept = new TreeMap<>();
    sources.forEach(
        (path, source) -> {
          if (path.equals(key) || path.startsWith(key + ".")) {
            kept.put(path, source);
          }
        });
    return new Explanation(outcome, values, kept);
  }
}
