package io.alloyfleet.fleet;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.fleet.files.AlloySource;
import io.alloyfleet.fleet.policy.AlloyPolicy;
import io.alloyfleet.fleet.values.ClusterValues;
import java.util.List;

/**
 * A cluster ready to render: its id (directory name), merged and checked values, the user's Alloy
 * text in order, what its policy allows that text, a hash of all of it (same inputs, same hash),
 * and where its {@code cluster.name} and {@code cluster.environment} were set (its cluster.yaml's
 * start when defaulted).
 */
public record ClusterSpec(
    String id,
    ClusterValues values,
    List<AlloySource> alloySources,
    AlloyPolicy alloyPolicy,
    List<String> groups,
    String valuesHash,
    Location nameAt,
    Location environmentAt) {

  public ClusterSpec {
    alloySources = List.copyOf(alloySources);
    groups = List.copyOf(groups);
  }

  public String environment() {
    return values.cluster().environment();
  }

  public String name() {
    return values.cluster().name();
  }
}
