package io.alloyfleet.pipeline;

import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.Problem;
import io.alloyfleet.render.RenderedCluster;
import java.util.List;
import java.util.SortedMap;

/**
 * The outcome of rendering a fleet: the clusters that rendered and passed the checks, the
 * invalid ones with their problems, and each environment's fleet-wide files.
 */
public record FleetRender(
    List<RenderedCluster> rendered,
    List<Invalid> invalid,
    SortedMap<String, SortedMap<String, String>> environmentFiles) {

  public List<Problem> problems() {
    return invalid.stream().flatMap(i -> i.problems().stream()).sorted(Problem.ORDER).toList();
  }

  public boolean allValid() {
    return invalid.isEmpty();
  }
}
