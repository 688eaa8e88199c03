package io.alloyfleet.rollout;

import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.rolloutspec.Rollout;
import io.alloyfleet.publish.RenderedBranch;
import java.util.List;
import java.util.Map;

/** What says a wave's clusters are healthy: Argo CD's Applications, Prometheus, or nothing. */
public interface Gates {

  /** Every cluster healthy at once: a rollout without gates, or a test's. */
  Gates OPEN =
      (rollout, branch, clusters) -> {
        Map<String, Health> all = new java.util.TreeMap<>();
        clusters.forEach(c -> all.put(c.id(), Health.HEALTHY));
        return all;
      };

  /**
   * Each cluster's health by id, after the branch's tip was pushed: the gates ask about a cluster
   * by its name, id and environment.
   */
  Map<String, Health> check(Rollout rollout, RenderedBranch branch, List<ClusterSpec> clusters);
}
