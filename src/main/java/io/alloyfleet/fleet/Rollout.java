package io.alloyfleet.fleet;

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

  private static final java.util.regex.Pattern DURATION_PART =
      java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  /** A Go-style duration as Alloy and Kubernetes write them: 30s, 10m, 1h30m, 500ms. */
  public static Duration duration(String text) {
    java.util.regex.Matcher part = DURATION_PART.matcher(text);
    double nanos = 0;
    int end = 0;
    while (part.find() && part.start() == end) {
      double value = Double.parseDouble(part.group(1));
      nanos +=
          value
              * switch (part.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
      end = part.end();
    }
    if (end != text.length() || text.isEmpty()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return Duration.ofNanos((long) nanos);
  }
}
