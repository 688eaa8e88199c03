package io.alloyfleet.publish;

import java.util.Map;
import java.util.Optional;

/**
 * What a publish records besides rendered files: per cluster, the source commit its shared layers
 * come from and the version of its own directory (both in its metadata); per environment, the
 * rollout's record and the line the commit message gives it.
 */
public record Staging(
    Map<String, Pin> pins, Map<String, RolloutRecord> records, Map<String, String> messages) {

  public static final Staging NONE = new Staging(Map.of(), Map.of(), Map.of());

  /** Where a cluster's render comes from: shared layers' commit, own directory's version. */
  public record Pin(String sharedLayersCommit, String clusterTree) {}

  public Staging {
    pins = Map.copyOf(pins);
    records = Map.copyOf(records);
    messages = Map.copyOf(messages);
  }

  Optional<Pin> pin(String cluster) {
    return Optional.ofNullable(pins.get(cluster));
  }
}
