package io.alloyfleet.fleet;

import io.alloyfleet.fleet.Node.Entry;
import io.alloyfleet.fleet.Node.MapNode;
import io.alloyfleet.fleet.Node.ScalarNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges values layers with Helm's semantics: mappings merge deeply, lists and scalars
 * replace, and an explicit {@code null} removes the inherited key.
 */
public final class Layers {

  private Layers() {}

  public static MapNode merge(MapNode base, MapNode overlay) {
    Map<String, Entry> merged = new LinkedHashMap<>(base.entries());
    overlay.entries().forEach((key, entry) -> {
      Node value = entry.value();
      Entry inherited = merged.get(key);
      if (value instanceof ScalarNode scalar && scalar.isNull()) {
        merged.remove(key);
      } else if (inherited != null && inherited.value() instanceof MapNode baseMap && value instanceof MapNode overMap) {
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

  /** The tree without the value at a key path ({@code a.b}, {@code a.list[2]} removes the list). */
  public static MapNode remove(MapNode root, String path) {
    int bracket = path.indexOf('[');
    String keys = bracket < 0 ? path : path.substring(0, bracket);
    if (keys.isEmpty()) {
      return root;
    }
    int dot = keys.indexOf('.');
    String key = dot < 0 ? keys : keys.substring(0, dot);
    Entry entry = root.entries().get(key);
    if (entry == null) {
      return root;
    }
    Map<String, Entry> entries = new LinkedHashMap<>(root.entries());
    if (dot < 0) {
      entries.remove(key);
    } else if (entry.value() instanceof MapNode child) {
      entries.put(key, new Entry(entry.keyLocation(), remove(child, path.substring(dot + 1))));
    } else {
      entries.remove(key);
    }
    return new MapNode(root.location(), entries);
  }
}
