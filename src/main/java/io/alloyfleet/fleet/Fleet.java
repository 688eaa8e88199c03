package io.alloyfleet.fleet;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Every cluster of a fleet, sorted by id, each valid or invalid. */
public record Fleet(List<ClusterOutcome> clusters) {

  public Fleet {
    clusters = List.copyOf(clusters);
  }

  public List<ClusterSpec> valid() {
    return clusters.stream()
        .filter(ClusterOutcome.Valid.class::isInstance)
        .map(c -> ((ClusterOutcome.Valid) c).spec())
        .toList();
  }

  public List<ClusterOutcome.Invalid> invalid() {
    return clusters.stream()
        .filter(ClusterOutcome.Invalid.class::isInstance)
        .map(ClusterOutcome.Invalid.class::cast)
        .toList();
  }

  /**
   * The clusters of some environments. Invalid clusters whose environment is unknown stay, so
   * whoever publishes keeps their last good files.
   */
  public Fleet only(java.util.function.Predicate<String> environments) {
    return new Fleet(clusters.stream().filter(c -> c.environment().map(environments::test).orElse(true)).toList());
  }

  /** Environments that have at least one cluster, valid or not. */
  public SortedSet<String> environments() {
    TreeSet<String> names = new TreeSet<>();
    clusters.forEach(c -> c.environment().ifPresent(names::add));
    return names;
  }
}
