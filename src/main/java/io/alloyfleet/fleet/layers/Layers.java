package io.alloyfleet.fleet.layers;

import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.Entry;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.files.Node.ScalarNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges values layers with Helm's semantics: mappings merge deeply, lists and scalars replace, and
 * an explicit {@code null} removes the inherited key.
 */
public final class Layers {

  private Layers() {}

  public static MapNode merge(MapNode base, MapNode overlay) {
    Map<String, Entry> merged = new LinkedHashMap<>(base.entries());
    overlay
        .entries()
        .forEach(
            (key, entry) -> {
              Node value = entry.value();
              Entry inherited = merged.get(key);
              if (value instanceof ScalarNode scalar && scalar.isNull()) {
                merged.remove(key);
              } else if (inherited != null
                  && inherited.value() instanceof MapNode baseMap
                  && value instanceof MapNode overMap) {
                merged.put(key, new Entry(entry.keyLocation(), merge(baseMap, overMap)));
              } else {
                merged.put(key, new Entry(entry.keyLocation(), withoutNulls(value)));
              }
            });
    return new MapNode(overlay.location(), merged);
  }

  /** A map set where nothing was inherited still must not carry its nulls as values. */
  private static Node withoutNulls(Node node) {
    if (node instanceof MapNode map) {
      return merge(new MapNode(map.location(), Map.of()), map);
    }
    return node;
  }
}
