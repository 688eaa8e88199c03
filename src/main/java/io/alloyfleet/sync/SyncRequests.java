package io.alloyfleet.sync;

import io.alloyfleet.rollout.RolloutPlanner;

/** What the API may ask of the sync loop: a sync, or an operator's action on a rollout. */
public interface SyncRequests {

  /** Asks for a sync; false when one is already waiting (this request is folded into it). */
  boolean request(SyncTrigger trigger);

  /**
   * Asks for an operator's action on an environment's rollout, taken by the next sync (queued now);
   * false when this replica does not publish that environment.
   */
  boolean requestRollout(String environment, RolloutPlanner.Action action);
}
