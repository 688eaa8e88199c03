package io.alloyfleet.rollout;

import io.alloyfleet.fleet.rolloutspec.Rollout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The clusters of an environment, split into a rollout's waves in order: a selector wave takes the
 * clusters left whose labels match; a percent wave takes that share of those left (at least one),
 * chosen by a hash of the cluster id so the choice is stable and spread; a wave with neither takes
 * every cluster left. Clusters no wave takes form a last wave, {@code rest}.
 */
public final class Waves {

  /** One wave and its clusters, sorted by id. */
  public record Wave(String name, List<String> clusters) {
    public Wave {
      clusters = List.copyOf(clusters);
    }
  }

  static final String REST = "rest";

  private Waves() {}

  /** {@code labels}: each cluster's labels, by id. */
  public static List<Wave> of(Rollout rollout, SortedMap<String, Map<String, String>> labels) {
    TreeSet<String> left = new TreeSet<>(labels.keySet());
    List<Wave> waves = new ArrayList<>();
    for (Rollout.Wave wave : rollout.waves()) {
      List<String> taken;
      if (!wave.selector().isEmpty()) {
        taken = left.stream().filter(id -> wave.matches(labels.get(id))).toList();
      } else if (wave.percent().isPresent()) {
        int count =
            left.isEmpty()
                ? 0
                : Math.max(1, (int) Math.ceil(left.size() * wave.percent().getAsInt() / 100.0));
        taken =
            left.stream()
                .sorted(Comparator.comparing((String id) -> DigestUtils.sha256Hex(id)))
                .limit(count)
                .sorted()
                .toList();
      } else {
        taken = List.copyOf(left);
      }
      taken.forEach(left::remove);
      waves.add(new Wave(wave.name(), taken));
    }
    if (!left.isEmpty() || waves.isEmpty()) {
      waves.add(new Wave(REST, List.copyOf(left)));
    }
    return waves;
  }
}
