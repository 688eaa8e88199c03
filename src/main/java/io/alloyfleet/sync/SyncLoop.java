package io.alloyfleet.sync;

import io.alloyfleet.fleet.Fault;
import io.alloyfleet.git.CommitId;
import io.alloyfleet.git.Housekeeping;
import io.alloyfleet.kube.LeaderElectionSettings;
import io.alloyfleet.text.Text;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Runs syncs for the service: on start, on the poll schedule (with jitter), and when a webhook or
 * {@code POST /api/sync} asks. Requests coalesce: at most one sync runs and at most one more waits.
 * Inactive in CLI mode. Readers see it through {@link SyncView}; each sync's end is one event,
 * {@link LastSync}, observed asynchronously.
 */
@ApplicationScoped
public class SyncLoop implements SyncView, SyncRequests {

  private static final Logger LOG = Logger.getLogger(SyncLoop.class);

  private final FleetSettings settings;
  private final LeaderElectionSettings leaderElection;
  private final Sync.Factory factory;
  private final jakarta.enterprise.event.Event<LastSync> completed;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "alloy-fleet-sync");
            t.setDaemon(true);
            return t;
          });

  /** Held to signal {@link #idle}: previews wait on it for the loop to go idle. */
  private final ReentrantLock lock = new ReentrantLock();

  private final Condition idle = lock.newCondition();
  private final Coalescer coalescer = new Coalescer(executor, this::signalIdle);
  private final RetrySchedule retries = new RetrySchedule(executor);
  private final AtomicReference<LastSync> last = new AtomicReference<>();
  private final AtomicReference<SyncOutcome.Synced> lastSynced = new AtomicReference<>();
  private final AtomicReference<Instant> lastSourceContact = new AtomicReference<>();
  private final AtomicReference<Instant> runningSince = new AtomicReference<>();
  private volatile Sync sync;
  private volatile boolean active;
  private volatile boolean leader;
  private volatile Election election;

  /** Why the controller could not start, if it could not: readiness reports it. */
  private volatile Optional<String> startFailure = Optional.empty();

  /** Consecutive failed syncs, for the retry backoff. */
  private int failures;

  private final jakarta.enterprise.inject.Instance<io.fabric8.kubernetes.client.KubernetesClient>
      kubernetes;

  /**
   * The one event of a sync, fired when it ended and observed asynchronously (metrics, status,
   * feedback, notify): when it ran, why, how it ended, how long it took, what it did along the way
   * ({@code steps}) and where each rollout stood after it.
   */
  public record LastSync(
      Instant time,
      SyncTrigger trigger,
      SyncOutcome outcome,
      Duration took,
      Sync.Steps steps,
      io.alloyfleet.rollout.RolloutPlanner.Plan rollouts) {}

  public SyncLoop(
      FleetSettings settings,
      LeaderElectionSettings leaderElection,
      Sync.Factory factory,
      jakarta.enterprise.event.Event<LastSync> completed,
      jakarta.enterprise.inject.Instance<io.fabric8.kubernetes.client.KubernetesClient>
          kubernetes) {
    this.leaderElection = leaderElection;
    this.kubernetes = kubernetes;
    this.settings = settings;
    this.factory = factory;
    this.completed = completed;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.controllerEnabled()) {
      return;
    }
    try {
      sync = factory.create();
      active = true;
      sync.guard(() -> leader);
      if (Election.enabled(leaderElection)) {
        election =
            new Election(
                leaderElection, kubernetes::get, sync, this::becameLeader, this::lostLeadership);
        executor.execute(election::start);
      } else {
        leader = true;
        request(SyncTrigger.STARTUP);
      }
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      startFailure = Optional.of(reason);
      LOG.errorf("Alloy Fleet cannot start syncing: %s", Text.printable(reason));
    }
  }

  void becameLeader() {
    LOG.info("This replica is now a leader: it polls and pushes");
    leader = true;
    request(SyncTrigger.LEADER);
  }

  void lostLeadership() {
    LOG.warn("This replica lost the lease: syncing stops now");
    leader = false;
    coalescer.cancel();
  }

  void stop(@Observes ShutdownEvent event) {
    active = false;
    if (election != null) {
      election.close();
    }
    executor.shutdownNow();
  }

  @Scheduled(
      every = "${alloy-fleet.poll-interval:30s}",
      delayed = "${alloy-fleet.poll-interval:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    if (!active) {
      return;
    }
    if (election != null) {
      executor.execute(election::refresh);
    }
    if (!leader) {
      executor.execute(this::refreshAsFollower);
      return;
    }
    long jitter =
        ThreadLocalRandom.current().nextLong(Math.max(1, settings.pollInterval().toMillis() / 10));
    executor.schedule(() -> request(SyncTrigger.SCHEDULE), jitter, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean request(SyncTrigger trigger) {
    if (!active || !leader) {
      return false;
    }
    return coalescer.submit(
        () -> {
          if (leader) {
            run(trigger);
          }
        });
  }

  /** A follower keeps its copy of the rendered branches fresh, to serve status from them. */
  private void refreshAsFollower() {
    try {
      sync.publisher().fetch();
    } catch (Exception e) {
      LOG.debugf("Follower could not refresh rendered branches: %s", e.getMessage());
    }
  }

  private void run(SyncTrigger trigger) {
    SyncOutcome outcome;
    long started = System.nanoTime();
    runningSince.set(Instant.now());
    try {
      outcome = sync.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException | Error fault) {
      // Never silent: the outcome is kept (status, readiness), counted, logged, and retried.
      if (!Fault.containable(fault)) {
        LOG.error("Sync failed: out of memory", fault);
        runningSince.set(null);
        throw fault;
      }
      LOG.errorf("Sync failed unexpectedly: %s", Fault.trace(fault));
      outcome =
          new SyncOutcome.Failed(
              SyncOutcome.Stage.INTERNAL,
              "internal error: " + Fault.describe(fault) + " (see the controller's log)");
    } finally {
      runningSince.set(null);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    LastSync done =
        new LastSync(Instant.now(), trigger, outcome, took, sync.steps(), sync.rollouts().last());
    if (!(outcome instanceof SyncOutcome.Failed f && f.sourceUnread())) {
      lastSourceContact.set(done.time());
    }
    last.set(done);
    if (outcome instanceof SyncOutcome.Synced synced) {
      // Keep what status needs, not every rendered file: at 10,000 clusters that is hundreds of MB.
      lastSynced.set(
          new SyncOutcome.Synced(
              synced.commit(), synced.render().withoutFiles(), synced.commits()));
    }
    log(outcome);
    // Observers (metrics, status snapshot, Argo CD, Git host statuses, notices) run on their own
    // threads: none of them can stop or slow the loop, and a failure of one is logged, not thrown.
    completed
        .fireAsync(done)
        .exceptionally(
            e -> {
              LOG.warnf(
                  "An observer of the sync failed (syncing goes on): %s",
                  Text.printable(String.valueOf(e.getMessage())));
              return null;
            });
    if (outcome instanceof SyncOutcome.Failed) {
      retryLater();
    } else {
      failures = 0;
      retries.cancel();
    }
    if (outcome instanceof SyncOutcome.Synced) {
      tidyCache();
    }
  }

  /**
   * Between syncs, on the sync thread: the cache is packed when Git would ({@link Housekeeping}).
   */
  private void tidyCache() {
    try {
      Housekeeping.tidy(sync.source().cache())
          .ifPresent(took -> LOG.infof("Packed the local cache in %d ms", took.toMillis()));
    } catch (java.io.IOException e) {
      LOG.warnf("Could not pack the local cache (syncs go on): %s", e.getMessage());
    }
  }

  /**
   * After a failure, tries again sooner than the next poll: 1 s, 2 s, 4 s … up to the poll
   * interval. A local cache that has disappeared (data directory wiped) is rebuilt first.
   */
  private void retryLater() {
    failures++;
    if (!Files.isDirectory(settings.dataDir().resolve("cache.git").resolve("objects"))) {
      try {
        Sync rebuilt = factory.create();
        rebuilt.guard(() -> leader);
        rebuilt.own(ledEnvironmentsOrAll());
        sync = rebuilt;
        LOG.warn("The local cache was gone: cloned again");
      } catch (Exception e) {
        LOG.errorf("Cannot recreate the local cache: %s", e.getMessage());
      }
    }
    retries.schedule(
        RetrySchedule.backoff(failures, settings.pollInterval()), () -> request(SyncTrigger.RETRY));
  }

  private java.util.function.Predicate<String> ledEnvironmentsOrAll() {
    return election != null && leaderElection.perEnvironment()
        ? env -> election.ledEnvironments().contains(env)
        : env -> true;
  }

  private static void log(SyncOutcome outcome) {
    switch (outcome) {
      case SyncOutcome.SourceUnchanged u ->
          LOG.debugf("Source unchanged at %s", u.commit().shortId());
      case SyncOutcome.Synced s -> {
        s.render()
            .invalid()
            .forEach(
                i ->
                    i.problems()
                        .forEach(
                            p ->
                                LOG.warnf(
                                    "Cluster %s is invalid: %s",
                                    Text.printable(i.id()), p.format())));
        if (s.commits().isEmpty()) {
          LOG.infof("Rendered %s: every branch is current", s.commit().shortId());
        } else {
          s.commits()
              .forEach(
                  (env, c) ->
                      LOG.infof(
                          "Rendered %s onto %s as %s (clusters changed: %s)",
                          s.commit().shortId(),
                          c.branch(),
                          CommitId.of(c.commit()).shortForm(),
                          c.changedClusters()));
        }
      }
      case SyncOutcome.Failed f ->
          LOG.errorf("Sync failed at %s: %s", f.stage().label(), Text.printable(f.error()));
    }
  }

  @Override
  public Optional<SyncOutcome.Synced> lastRender() {
    return Optional.ofNullable(lastSynced.get());
  }

  @Override
  public Optional<LastSync> lastSync() {
    return Optional.ofNullable(last.get());
  }

  @Override
  public Optional<Instant> lastSourceContact() {
    return Optional.ofNullable(lastSourceContact.get());
  }

  @Override
  public Optional<String> startFailure() {
    return startFailure;
  }

  @Override
  public Optional<Instant> runningSince() {
    return Optional.ofNullable(runningSince.get());
  }

  /** True while a sync runs or waits. */
  public boolean busy() {
    return coalescer.busy();
  }

  @Override
  public boolean awaitIdle(Duration max) throws InterruptedException {
    lock.lock();
    try {
      long left = max.toNanos();
      while (coalescer.busy()) {
        if (left <= 0) {
          return false;
        }
        left = idle.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** After the coalescer's state changed (a sync ended, a waiting one was dropped). */
  private void signalIdle() {
    lock.lock();
    try {
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean leader() {
    return active && leader;
  }

  @Override
  public Optional<String> currentLeader() {
    return election == null ? Optional.empty() : election.currentLeader();
  }

  @Override
  public java.util.Set<String> ledEnvironments() {
    return election == null ? java.util.Set.of() : election.ledEnvironments();
  }

  @Override
  public boolean active() {
    return active;
  }

  @Override
  public Optional<String> destinationUrl() {
    return current().map(s -> s.publisher().destinationUrl());
  }

  @Override
  public Optional<io.alloyfleet.rollout.RolloutPlanner.Plan> lastRolloutPlan() {
    return current().map(s -> s.rollouts().last());
  }

  @Override
  public Optional<io.alloyfleet.fleet.files.FleetFiles> syncedFleet() {
    return current().flatMap(Sync::syncedFleet);
  }

  @Override
  public Optional<SourceView> source() {
    return current().map(Sync::sourceView);
  }

  @Override
  public RenderedBranches branches() {
    return current()
        .map(s -> RenderedBranches.of(Optional.of(s.publisher())))
        .orElse(RenderedBranches.NONE);
  }

  @Override
  public boolean requestRollout(
      String environment, io.alloyfleet.rollout.RolloutPlanner.Action action) {
    boolean leads =
        leader()
            && (election == null
                || !election.perEnvironment()
                || ledEnvironments().contains(environment));
    Sync running = sync;
    if (!leads || running == null) {
      return false;
    }
    running.rollouts().request(environment, action);
    request(SyncTrigger.of(action));
    return true;
  }

  /** The sync this loop runs; empty in CLI mode or before start. Never handed out. */
  private Optional<Sync> current() {
    return Optional.ofNullable(sync);
  }
}
