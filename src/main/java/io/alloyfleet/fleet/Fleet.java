package io.alloyfleet.fleet;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.rolloutspec.Rollouts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Every cluster of a fleet, sorted by id, each valid or invalid. Its views (valid, invalid,
 * environments) are taken once: a sync asks for them several times, over 10,000 clusters.
 */
public final class Fleet {

  private final List<ClusterOutcome> clusters;
  private final List<Problem> warnings;
  private final List<ClusterSpec> valid;
  private final List<ClusterOutcome.Invalid> invalid;
  private final SortedSet<String> environments;
  private final Rollouts rollouts;

  public Fleet(List<ClusterOutcome> clusters) {
    this(clusters, List.of(), Rollouts.NONE);
  }

  /**
   * {@code warnings}: findings that stop nothing, e.g. a group that matches no cluster; {@code
   * rollouts}: how changes from shared layers reach each environment.
   */
  public Fleet(List<ClusterOutcome> clusters, List<Problem> warnings, Rollouts rollouts) {
    this.warnings = List.copyOf(warnings);
    this.rollouts = rollouts;
    this.clusters = List.copyOf(clusters);
    List<ClusterSpec> valid = new ArrayList<>();
    List<ClusterOutcome.Invalid> invalid = new ArrayList<>();
    Set<String> environments = new HashSet<>();
    for (ClusterOutcome cluster : this.clusters) {
      switch (cluster) {
        case ClusterOutcome.Valid v -> valid.add(v.spec());
        case ClusterOutcome.Invalid i -> invalid.add(i);
      }
      cluster.environment().ifPresent(environments::add);
    }
    this.valid = Collections.unmodifiableList(valid);
    this.invalid = Collections.unmodifiableList(invalid);
    this.environments = Collections.unmodifiableSortedSet(new TreeSet<>(environments));
  }

  public List<ClusterOutcome> clusters() {
    return clusters;
  }

  public List<Problem> warnings() {
    return warnings;
  }

  public List<ClusterSpec> valid() {
    return valid;
  }

  public List<ClusterOutcome.Invalid> invalid() {
    return invalid;
  }

  /**
   * The clusters of some environments. Invalid clusters whose environment is unknown stay, so
   * whoever publishes keeps their last good files.
   */
  public Fleet only(Predicate<String> environments) {
    if (this.environments.stream().allMatch(environments)) {
      return this;
    }
    return new Fleet(
        clusters.stream()
            .filter(c -> c.environment().map(environments::test).orElse(true))
            .toList(),
        warnings,
        rollouts);
  }

  public Rollouts rollouts() {
    return rollouts;
  }

  /** Environments that have at least one cluster, valid or not. */
  public SortedSet<String> environments() {
    return environments;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Fleet f && f.clusters.equals(clusters);
  }

  @Override
  public int hashCode() {
    return clusters.hashCode();
  }

  @Override
  public String toString() {
    return "Fleet" + clusters;
  }
}
