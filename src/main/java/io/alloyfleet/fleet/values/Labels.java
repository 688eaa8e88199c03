package io.alloyfleet.fleet.values;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.text.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map of Kubernetes labels in a values file ({@code cluster.labels}, a selector's {@code
 * matchLabels}).
 */
public final class Labels {

  private Labels() {}

  /**
   * The labels at {@code path}, their string values; every key that is not a label key is a problem
   * under {@code path}.
   */
  public static Map<String, String> read(MapNode root, String path, List<Problem> problems) {
    return root.at(path).orElse(null) instanceof MapNode map
        ? of(map, path, problems)
        : new LinkedHashMap<>();
  }

  /** The labels of a mapping, reported under {@code path}. */
  public static Map<String, String> of(MapNode map, String path, List<Problem> problems) {
    Map<String, String> labels = new LinkedHashMap<>();
    map.entries()
        .forEach(
            (key, entry) -> {
              if (!Formats.isLabelKey(key)) {
                problems.add(
                    Problem.of(
                        entry.keyLocation(),
                        path,
                        Text.quote(key) + " is not a label key",
                        "an optional DNS prefix and '/', then letters, digits, '-', '_' and '.' (at most 63)"));
              }
              ValuesSchema.asString(entry.value()).ifPresent(value -> labels.put(key, value));
            });
    return labels;
  }
}
