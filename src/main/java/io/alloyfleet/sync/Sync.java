package io.alloyfleet.sync;

import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.Destination;
import io.alloyfleet.publish.PublishException;
import io.alloyfleet.publish.PublishOutcome;
import io.alloyfleet.publish.Publisher;
import io.alloyfleet.rollout.Gates;
import io.alloyfleet.rollout.RolloutPlanner;
import io.alloyfleet.source.FleetSource;
import io.alloyfleet.source.SourceCommit;
import io.alloyfleet.source.SourceException;
import io.alloyfleet.source.SourceSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * One sync, in order: poll the source → load the fleet → fetch the rendered branches → render what
 * changed → publish; a push refused because a branch moved is rebuilt on the new tip and retried
 * with backoff. Not thread-safe: {@link SyncLoop} runs one at a time.
 */
public final class Sync {

  static final int MAX_ATTEMPTS = 10;

  private final FleetSource source;
  private final Publisher publisher;
  private final RenderPipeline pipeline;
  private final Duration firstBackoff;
  private final Listener listener;
  private final RolloutPlanner rollouts;
  private volatile Optional<String> lastSynced = Optional.empty();
  private volatile Predicate<String> owned = environment -> true;
  private volatile java.util.function.BooleanSupplier mayPublish = () -> true;

  /** The environments last read, and at which source commit: an unmoved tip is not read again. */
  private volatile Set<String> fleetEnvironments = Set.of();

  private volatile Optional<String> environmentsSeenAt = Optional.empty();

  /** The head last refused, so each refused commit is counted once however often it is polled. */
  private volatile Optional<String> lastRefused = Optional.empty();

  /** Hears about the steps of a sync, for metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void sourcePolled(Duration duration, boolean ok) {}

    default void pushRetried() {}

    /** A changed source commit was read: its fleet is rendered and published next. */
    default void fleetLoaded(SourceCommit commit, int clusters) {}

    /** A new source head was refused (its signature is not trusted): once per commit. */
    default void sourceRefused(SourceCommit commit, String reason) {}
  }

  public Sync(
      FleetSource source, Publisher publisher, RenderPipeline pipeline, Duration firstBackoff) {
    this(source, publisher, pipeline, firstBackoff, Listener.NONE);
  }

  public Sync(
      FleetSource source,
      Publisher publisher,
      RenderPipeline pipeline,
      Duration firstBackoff,
      Listener listener) {
    this(source, publisher, pipeline, firstBackoff, listener, Gates.OPEN, Clock.systemUTC());
  }

  /**
   * {@code gates}: what says a rollout's wave is healthy; {@code clock}: its soaks and deadlines.
   */
  public Sync(
      FleetSource source,
      Publisher publisher,
      RenderPipeline pipeline,
      Duration firstBackoff,
      Listener listener,
      Gates gates,
      Clock clock) {
    this.source = source;
    this.publisher = publisher;
    this.pipeline = pipeline;
    this.firstBackoff = firstBackoff;
    this.listener = listener;
    this.rollouts = new RolloutPlanner(gates, clock, source::files);
  }

  /** The rollouts: where each stands, and operators' requests. */
  public RolloutPlanner rollouts() {
    return rollouts;
  }

  /** The fleet at the source commit last synced; empty before the first sync. */
  public Optional<io.alloyfleet.fleet.FleetFiles> syncedFleet() {
    return lastSynced.flatMap(source::files);
  }

  public FleetSource source() {
    return source;
  }

  public Publisher publisher() {
    return publisher;
  }

  /**
   * Limits this sync to the environments this replica leads (per-environment leader election). A
   * change of ownership forces the next run to render and publish even if the source has not moved.
   */
  public void own(Predicate<String> environments) {
    owned = environments;
    lastSynced = Optional.empty();
  }

  /** Checked right before each push: a replica that lost its lease mid-sync must not push. */
  public void guard(java.util.function.BooleanSupplier mayPublish) {
    this.mayPublish = mayPublish;
  }

  /** The environments of the fleet at the source's tip, for per-environment leader election. */
  public Set<String> environments() throws SourceException {
    SourceSnapshot snapshot = source.poll(environmentsSeenAt);
    if (!(snapshot instanceof SourceSnapshot.Fetched)) {
      return fleetEnvironments;
    }
    Set<String> environments =
        new TreeSet<>(pipeline.load(((SourceSnapshot.Fetched) snapshot).files()).environments());
    try {
      environments.addAll(publisher.fetch().branches().keySet());
    } catch (PublishException e) {
      // The branches will be read again by the next sync; the fleet's environments suffice.
    }
    fleetEnvironments = Set.copyOf(environments);
    environmentsSeenAt = Optional.of(snapshot.commit().id());
    return environments;
  }

  public SyncOutcome run() throws InterruptedException {
    try (Traces.Stage trace = Traces.trace("sync")) {
      return SyncTrace.ended(trace, stages());
    }
  }

  private SyncOutcome stages() throws InterruptedException {
    SourceSnapshot snapshot;
    long started = System.nanoTime();
    try {
      snapshot = Traces.stage("fetch", () -> source.poll(lastSynced));
      listener.sourcePolled(Duration.ofNanos(System.nanoTime() - started), true);
    } catch (SourceException e) {
      listener.sourcePolled(Duration.ofNanos(System.nanoTime() - started), false);
      return e.reason() == SourceException.Reason.AUTHENTICATION
          ? new SyncOutcome.Failed(
              SyncOutcome.Stage.AUTHENTICATION,
              "the source refused our credentials: " + e.getMessage())
          : new SyncOutcome.Failed(SyncOutcome.Stage.SOURCE, e.getMessage());
    }
    if (snapshot instanceof SourceSnapshot.Refused refused) {
      return refuse(refused);
    }
    Optional<FleetFiles> read =
        snapshot instanceof SourceSnapshot.Fetched fetched
            ? Optional.of(fetched.files())
            : rollouts.active()
                ? lastSynced.flatMap(source::files) // a rollout to advance: same commit
                : Optional.empty();
    if (read.isEmpty()) {
      return new SyncOutcome.SourceUnchanged(snapshot.commit());
    }
    FleetFiles files = read.get();
    SourceCommit commit = snapshot.commit();
    Predicate<String> environments = owned;
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        Destination all = Traces.stage("fetch rendered branches", publisher::fetch);
        // Identity is decided once: each cluster keeps the name its rendered branch gives it.
        Fleet full = Traces.stage("load", () -> pipeline.load(files, all.identities()));
        if (attempt == 1 && snapshot instanceof SourceSnapshot.Fetched) {
          listener.fleetLoaded(commit, full.only(environments).clusters().size());
        }
        Destination destination = all.only(environments);
        RolloutPlanner.Plan plan =
            Traces.stage("rollout", () -> rollouts.plan(commit, files, full, environments, all));
        FleetRender render =
            Traces.stage(
                "render and check",
                () ->
                    pipeline.render(
                        plan.fleet(),
                        spec -> plan.keep().contains(spec.id()) || destination.isCurrent(spec),
                        // each checked cluster's files go into the pack as it is checked
                        clusters -> publisher.sink(commit, plan.staging(), clusters)));
        if (!mayPublish.getAsBoolean() || Thread.currentThread().isInterrupted()) {
          return new SyncOutcome.Failed(
              SyncOutcome.Stage.LEADERSHIP,
              "this replica stopped leading before it pushed; nothing was pushed");
        }
        PublishOutcome outcome =
            Traces.stage(
                "publish", () -> publisher.publish(commit, render, destination, plan.staging()));
        switch (outcome) {
          case PublishOutcome.Committed c -> {
            lastSynced = Optional.of(commit.id());
            return new SyncOutcome.Synced(commit, render, c.commits());
          }
          case PublishOutcome.Unchanged u -> {
            lastSynced = Optional.of(commit.id());
            return new SyncOutcome.Synced(commit, render, Map.of());
          }
          case PublishOutcome.Rejected r -> {
            if (!r.retryable() || attempt >= MAX_ATTEMPTS) {
              return new SyncOutcome.Failed(
                  SyncOutcome.Stage.PUBLISH,
                  "push rejected after " + attempt + " attempt(s): " + r.reason());
            }
            listener.pushRetried();
            backoff = sleep(backoff);
          }
        }
      } catch (PublishException e) {
        return new SyncOutcome.Failed(SyncOutcome.Stage.PUBLISH, e.getMessage());
      } catch (java.io.UncheckedIOException e) {
        return new SyncOutcome.Failed(
            SyncOutcome.Stage.PUBLISH,
            "cannot write rendered clusters: " + e.getCause().getMessage());
      }
    }
  }

  /** A refused head renders nothing: the rendered branches stay as they are. */
  private SyncOutcome refuse(SourceSnapshot.Refused refused) {
    if (!lastRefused.equals(Optional.of(refused.commit().id()))) {
      lastRefused = Optional.of(refused.commit().id());
      listener.sourceRefused(refused.commit(), refused.reason());
    }
    return new SyncOutcome.Failed(
        SyncOutcome.Stage.VERIFICATION,
        refused.reason() + "; nothing was rendered, the rendered branches stay as they are");
  }

  /** Sleeps the backoff with ±25% jitter; returns the next one (×1.5, at most 10 s). */
  private static Duration sleep(Duration backoff) throws InterruptedException {
    long millis = backoff.toMillis();
    long jitter = millis / 4;
    Thread.sleep(
        Math.max(1, millis - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1)));
    return Duration.ofMillis(Math.min(10_000, (long) (millis * 1.5)));
  }
}
