package io.alloyfleet.notify;

import java.util.List;
import java.util.Locale;

/**
 * What an operator must hear about after a sync: a rollout that started, advanced a wave, halted,
 * paused, resumed, was aborted or completed; a cluster that became invalid; a sync that failed.
 * {@code commit}: the source commit it concerns (a rollout's target); {@code clusters}: those it
 * names (a halt's unhealthy clusters, the invalid cluster).
 */
public record Notice(
    Kind kind,
    String environment,
    String commit,
    String wave,
    List<String> clusters,
    String reason,
    String summary) {

  public Notice {
    clusters = List.copyOf(clusters);
  }

  public enum Kind {
    ROLLOUT_STARTED("RolloutStarted", "Start", false, false),
    WAVE_ADVANCED("WaveAdvanced", "Advance", false, false),
    ROLLOUT_HALTED("RolloutHalted", "Halt", true, true),
    ROLLOUT_PAUSED("RolloutPaused", "Pause", false, false),
    ROLLOUT_RESUMED("RolloutResumed", "Resume", false, false),
    ROLLOUT_ABORTED("RolloutAborted", "Abort", true, false),
    ROLLOUT_COMPLETED("RolloutCompleted", "Complete", false, true),
    CLUSTER_INVALID("ClusterInvalid", "Validate", true, true),
    SYNC_FAILED("SyncFailed", "Sync", true, false);

    /** The Event's reason and action. */
    public final String reason;

    public final String action;

    /** A Warning Event (else Normal). */
    public final boolean warning;

    /** Also sent to the webhooks. */
    public final boolean webhook;

    Kind(String reason, String action, boolean warning, boolean webhook) {
      this.reason = reason;
      this.action = action;
      this.warning = warning;
      this.webhook = webhook;
    }

    /** As JSON names it: {@code rollout-halted}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
