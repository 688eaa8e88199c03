package io.alloyfleet.fleet.rolloutspec;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.fleet.values.LabelSelector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a change from outside a cluster's own directory reaches the clusters of one environment: the
 * waves in order, how long a healthy wave soaks, the gates that say it is healthy, and when it
 * halts. Read from the {@code rollout} block of fleet.yaml, an environment file's keys replacing
 * the fleet's.
 */
public record Rollout(
    List<Wave> waves,
    Duration soak,
    boolean argocd,
    Optional<PrometheusGate> prometheus,
    int maxUnhealthy,
    Duration progressDeadline) {

  /**
   * A wave: the clusters whose labels match {@code selector}, or {@code percent} of those left, or
   * (neither) every cluster left.
   */
  public record Wave(String name, LabelSelector selector, OptionalInt percent, Location location) {

    public boolean matches(Map<String, String> labels) {
      return selector.matches(labels);
    }
  }

  /** An instant query per cluster, {@code {cluster}} replaced by the cluster's id. */
  public record PrometheusGate(URI url, String query) {

    public static final String CLUSTER = "{cluster}";

    public String queryFor(String cluster) {
      return query.replace(CLUSTER, cluster);
    }
  }

  public Rollout {
    waves = List.copyOf(waves);
  }
}
