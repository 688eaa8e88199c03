package io.alloyfleet.notify;

import io.alloyfleet.fleet.ClusterOutcome;
import io.alloyfleet.rollout.RolloutChange;
import io.alloyfleet.rollout.RolloutPlanner;
import io.alloyfleet.rollout.RolloutStatus;
import io.alloyfleet.sync.SyncOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns syncs into notices, each once: the rollout changes of a plan not seen before, the clusters
 * invalid now that were not at the previous sync (after a restart, those invalid at the first
 * sync), a failure whose message differs from the previous one (a failure that repeats is not
 * news).
 */
final class Notices {

  private Set<String> invalid = Set.of();
  private String failure = "";
  private RolloutPlanner.Plan plan;

  /** The notices of this sync; {@code plan}: the rollouts' last plan. */
  synchronized List<Notice> after(SyncOutcome outcome, Optional<RolloutPlanner.Plan> plan) {
    List<Notice> notices = new ArrayList<>();
    switch (outcome) {
      case SyncOutcome.Failed f -> {
        if (f.stage() != SyncOutcome.Stage.LEADERSHIP && !f.error().equals(failure)) {
          notices.add(
              new Notice(
                  Notice.Kind.SYNC_FAILED,
                  "",
                  "",
                  "",
                  List.of(),
                  f.stage().label() + ": " + f.error(),
                  "Sync failed at " + f.stage().label() + ": " + f.error()));
        }
        failure = f.error();
      }
      case SyncOutcome.Synced s -> {
        failure = "";
        invalid(s, notices);
        plan.filter(p -> p != this.plan)
            .ifPresent(
                p -> {
                  this.plan = p;
                  p.changes().forEach(c -> notices.add(rollout(c)));
                });
      }
      case SyncOutcome.SourceUnchanged u -> failure = "";
    }
    return notices;
  }

  private void invalid(SyncOutcome.Synced synced, List<Notice> notices) {
    Set<String> now = new HashSet<>();
    for (ClusterOutcome.Invalid cluster : synced.render().invalid()) {
      now.add(cluster.id());
      if (invalid.contains(cluster.id())) {
        continue;
      }
      String first = cluster.problems().isEmpty() ? "" : cluster.problems().get(0).format();
      String more =
          cluster.problems().size() > 1
              ? " (and " + (cluster.problems().size() - 1) + " more problem(s))"
              : "";
      notices.add(
          new Notice(
              Notice.Kind.CLUSTER_INVALID,
              cluster.environment().orElse(""),
              synced.commit().id(),
              "",
              List.of(cluster.id()),
              first + more,
              "Cluster "
                  + cluster.id()
                  + " is invalid at "
                  + synced.commit().shortId()
                  + ", it keeps its last good render: "
                  + first
                  + more));
    }
    invalid = Set.copyOf(now);
  }

  private static Notice rollout(RolloutChange change) {
    Notice.Kind kind =
        switch (change.kind()) {
          case STARTED -> Notice.Kind.ROLLOUT_STARTED;
          case WAVE_ADVANCED -> Notice.Kind.WAVE_ADVANCED;
          case HALTED -> Notice.Kind.ROLLOUT_HALTED;
          case PAUSED -> Notice.Kind.ROLLOUT_PAUSED;
          case RESUMED -> Notice.Kind.ROLLOUT_RESUMED;
          case ABORTED -> Notice.Kind.ROLLOUT_ABORTED;
          case COMPLETED -> Notice.Kind.ROLLOUT_COMPLETED;
        };
    List<String> clusters =
        change.unhealthy().stream().map(RolloutStatus.Unhealthy::cluster).toList();
    String unhealthy =
        change.unhealthy().isEmpty() || kind != Notice.Kind.ROLLOUT_HALTED
            ? ""
            : "; unhealthy: "
                + String.join(
                    ", ",
                    change.unhealthy().stream()
                        .map(u -> u.cluster() + " (" + u.reason() + ")")
                        .toList());
    return new Notice(
        kind,
        change.environment(),
        change.targetCommit(),
        change.wave(),
        kind == Notice.Kind.ROLLOUT_HALTED ? clusters : List.of(),
        change.reason(),
        change.line() + (kind == Notice.Kind.ROLLOUT_HALTED ? unhealthy : ""));
  }
}
