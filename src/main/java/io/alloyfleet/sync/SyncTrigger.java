package io.alloyfleet.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why a sync ran: written (status, the API's answer, the {@code source} of the webhook metric) as
 * its lower-case name with {@code -} for {@code _}: {@code schedule}, {@code rollout-pause}.
 */
public enum SyncTrigger {
  /** The first sync of a replica that does not elect a leader. */
  STARTUP,
  /** This replica was just elected leader. */
  LEADER,
  /** The poll interval passed. */
  SCHEDULE,
  /** A failed sync is retried after its backoff. */
  RETRY,
  /** {@code POST /api/sync} with the API token. */
  API,
  /** A GitHub push webhook. */
  GITHUB,
  /** A GitLab push webhook. */
  GITLAB,
  /** Any other push webhook, signed in X-Alloy-Fleet-Signature. */
  WEBHOOK,
  /** An operator paused a rollout. */
  ROLLOUT_PAUSE,
  /** An operator resumed a rollout. */
  ROLLOUT_RESUME,
  /** An operator aborted a rollout. */
  ROLLOUT_ABORT;

  private final String text = name().toLowerCase(Locale.ROOT).replace('_', '-');

  @JsonValue
  public String text() {
    return text;
  }

  /** The trigger of an operator's request on a rollout. */
  static SyncTrigger of(io.alloyfleet.rollout.RolloutPlanner.Action action) {
    return switch (action) {
      case PAUSE -> ROLLOUT_PAUSE;
      case RESUME -> ROLLOUT_RESUME;
      case ABORT -> ROLLOUT_ABORT;
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
