package io.alloyfleet.sync;

import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.rollout.RolloutPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The sync loop as readers see it (status, feedback, notify, ops, api): what the last sync did, the
 * rendered branches' state, the source and the fleet at its last synced commit, who leads. Nothing
 * here can start, stop or slow a sync; {@link SyncLoop} is the one implementation.
 */
public interface SyncView {

  /** The most recent sync: when it ran, why, and how it ended. */
  Optional<SyncLoop.LastSync> lastSync();

  /** The most recent sync that rendered the fleet (polls that found no change keep it). */
  Optional<SyncOutcome.Synced> lastRender();

  /** Where each rollout stood after the last sync; empty in CLI mode or before start. */
  Optional<RolloutPlanner.Plan> lastRolloutPlan();

  /** The fleet at the source commit last synced; empty before the first sync. */
  Optional<FleetFiles> syncedFleet();

  /** The source; empty in CLI mode or before start. */
  Optional<SourceView> source();

  /** The rendered branches; none in CLI mode or before start. */
  RenderedBranches branches();

  /** The destination repo's URL (no credentials), once the controller started. */
  Optional<String> destinationUrl();

  /** When the source last answered a poll. */
  Optional<Instant> lastSourceContact();

  /** Why the controller could not start syncing; empty when it started (or runs as a CLI). */
  Optional<String> startFailure();

  /** When the sync now running started; empty between syncs. */
  Optional<Instant> runningSince();

  /**
   * Waits until no sync runs or waits, at most {@code max}; false when one still does. Wakes when
   * the loop goes idle (a condition of its lock), not by polling.
   */
  boolean awaitIdle(Duration max) throws InterruptedException;

  /** This replica writes (it holds the lease, or runs alone). */
  boolean leader();

  /** The identity of the current leader when leader election is on. */
  Optional<String> currentLeader();

  /** The environments this replica publishes, when leases are per environment. */
  Set<String> ledEnvironments();

  /** The loop runs (the controller started, not in CLI mode). */
  boolean active();
}
