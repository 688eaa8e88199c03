package io.alloyfleet.sync;

import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.files.FleetFiles;
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
import org.jboss.logging.Logger;

/**
 * One sync, as its stages in order: poll the source → fetch its files → read the rendered branches
 * → load the fleet → plan the rollouts → render what changed → check leadership → publish. Each
 * stage says whether the sync goes on ({@link Next}); a push refused because a branch moved is
 * rebuilt on the new tip and retried with backoff, outside the stages. Not thread-safe: {@link
 * SyncLoop} runs one at a time.
 */
public final class Sync {

  /** Where the sync's log lines have always come from. */
  private static final Logger LOG = Logger.getLogger(SyncLoop.class);

  static final int MAX_ATTEMPTS = 10;

  private final FleetSource source;
  private final Publisher publisher;
  private final RenderPipeline pipeline;
  private final Duration firstBackoff;
  private final RolloutPlanner rollouts;
  private volatile Optional<String> lastSynced = Optional.empty();
  private volatile Predicate<String> owned = environment -> true;
  private volatile java.util.function.BooleanSupplier mayPublish = () -> true;

  /** The environments last read, and at which source commit: an unmoved tip is not read again. */
  private volatile Set<String> fleetEnvironments = Set.of();

  private volatile Optional<String> environmentsSeenAt = Optional.empty();

  /** The head last refused, so each refused commit is counted once however often it is polled. */
  private volatile Optional<String> lastRefused = Optional.empty();

  /**
   * Makes the service's sync from its settings (remotes, the local cache, the demo): {@code
   * io.alloyfleet.wiring} provides it, so the loop knows no remote, no credential, no demo.
   */
  public interface Factory {
    Sync create() throws Exception;
  }

  /** What the current or last run did along the way, for metrics: its poll, retries, refusal. */
  private volatile Steps steps = Steps.NONE;

  /**
   * What one run did besides its outcome: how long the source poll took (empty when it did not
   * poll) and whether the source answered, how many pushes were retried, and whether it refused a
   * head not refused before.
   */
  public record Steps(Optional<Duration> poll, boolean answered, int pushRetries, boolean refused) {
    static final Steps NONE = new Steps(Optional.empty(), false, 0, false);
  }

  public Sync(
      FleetSource source, Publisher publisher, RenderPipeline pipeline, Duration firstBackoff) {
    this(source, publisher, pipeline, firstBackoff, Gates.OPEN, Clock.systemUTC());
  }

  /**
   * {@code gates}: what says a rollout's wave is healthy; {@code clock}: its soaks and deadlines.
   */
  public Sync(
      FleetSource source,
      Publisher publisher,
      RenderPipeline pipeline,
      Duration firstBackoff,
      Gates gates,
      Clock clock) {
    this.source = source;
    this.publisher = publisher;
    this.pipeline = pipeline;
    this.firstBackoff = firstBackoff;
    this.rollouts = new RolloutPlanner(gates, clock, source::files);
  }

  /** The rollouts: where each stands, and operators' requests. */
  public RolloutPlanner rollouts() {
    return rollouts;
  }

  /** The fleet at the source commit last synced; empty before the first sync. */
  public Optional<io.alloyfleet.fleet.files.FleetFiles> syncedFleet() {
    return lastSynced.flatMap(source::files);
  }

  /** The source, for the loop's views and housekeeping; readers get {@link SourceView}. */
  FleetSource source() {
    return source;
  }

  /** The source as readers see it: where it is, what a preview fetches from it. */
  public SourceView sourceView() {
    return SourceView.of(source);
  }

  /** The destination, for the loop's views; readers get {@link RenderedBranches}. */
  Publisher publisher() {
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

  /** What the last run did along the way (so far, while it runs). */
  public Steps steps() {
    return steps;
  }

  public SyncOutcome run() throws InterruptedException {
    steps = Steps.NONE;
    try (Traces.Stage trace = Traces.trace("sync")) {
      return SyncTrace.ended(trace, stages());
    }
  }

  /**
   * The stages in order. The source is read once; a push refused because a branch moved starts
   * again from reading the branches, with backoff: the retries are here, not in the stages.
   */
  private SyncOutcome stages() throws InterruptedException {
    Work work = new Work(owned);
    if (stages(work, this::poll, this::fetch) instanceof Next.Stop stop) {
      return stop.outcome();
    }
    Duration backoff = firstBackoff;
    for (work.attempt = 1; ; work.attempt++) {
      switch (stages(
          work,
          this::readBranches,
          this::load,
          this::planRollouts,
          this::render,
          this::checkLeadership,
          this::publish)) {
        case Next.Stop stop -> {
          return stop.outcome();
        }
        case Next.Retry retry when work.attempt >= MAX_ATTEMPTS -> {
          return rejected(work, retry.reason());
        }
        case Next.Retry retry -> {
          steps =
              new Steps(steps.poll(), steps.answered(), steps.pushRetries() + 1, steps.refused());
          backoff = sleep(backoff);
        }
        case Next.Continue go -> throw new IllegalStateException("the publish stage decides");
      }
    }
  }

  /** What a stage decided: go on, end the sync with an outcome, or build on the moved branches. */
  sealed interface Next {
    Next CONTINUE = new Continue();

    record Continue() implements Next {}

    record Stop(SyncOutcome outcome) implements Next {}

    /** A branch moved under the push: read the branches again and rebuild on them. */
    record Retry(String reason) implements Next {}
  }

  /** One stage: reads and fills {@link Work}, says what comes next. */
  @FunctionalInterface
  private interface Stage {
    Next run(Work work) throws PublishException;
  }

  /** What the stages of one sync found so far; each stage fills in its part. */
  private static final class Work {
    final Predicate<String> environments;
    int attempt;
    SourceSnapshot snapshot;
    FleetFiles files;
    Destination all;
    Destination destination;
    Fleet full;
    RolloutPlanner.Plan plan;
    FleetRender render;

    Work(Predicate<String> environments) {
      this.environments = environments;
    }

    SourceCommit commit() {
      return snapshot.commit();
    }
  }

  /** Runs stages in order until one does not say go on; a failure to publish ends the sync. */
  private static Next stages(Work work, Stage... stages) {
    for (Stage stage : stages) {
      Next next;
      try {
        next = stage.run(work);
      } catch (PublishException e) {
        return new Next.Stop(new SyncOutcome.Failed(SyncOutcome.Stage.PUBLISH, e.getMessage()));
      } catch (java.io.UncheckedIOException e) {
        // the render writes each checked cluster into the pack (Publisher.sink)
        return new Next.Stop(
            new SyncOutcome.Failed(
                SyncOutcome.Stage.PUBLISH,
                "cannot write rendered clusters: " + e.getCause().getMessage()));
      }
      if (!(next instanceof Next.Continue)) {
        return next;
      }
    }
    return Next.CONTINUE;
  }

  /** 1. Poll the source: {@code ls-remote}, and the new head fetched when it moved. */
  private Next poll(Work work) {
    long started = System.nanoTime();
    try {
      work.snapshot = Traces.stage("fetch", () -> source.poll(lastSynced));
      steps = new Steps(Optional.of(Duration.ofNanos(System.nanoTime() - started)), true, 0, false);
    } catch (SourceException e) {
      steps =
          new Steps(Optional.of(Duration.ofNanos(System.nanoTime() - started)), false, 0, false);
      return new Next.Stop(
          e.reason() == SourceException.Reason.AUTHENTICATION
              ? new SyncOutcome.Failed(
                  SyncOutcome.Stage.AUTHENTICATION,
                  "the source refused our credentials: " + e.getMessage())
              : new SyncOutcome.Failed(SyncOutcome.Stage.SOURCE, e.getMessage()));
    }
    return work.snapshot instanceof SourceSnapshot.Refused refused
        ? new Next.Stop(refuse(refused))
        : Next.CONTINUE;
  }

  /**
   * 2. The fleet files of the fetched head; an unmoved head is read again only while a rollout has
   * gates to check.
   */
  private Next fetch(Work work) {
    Optional<FleetFiles> read =
        work.snapshot instanceof SourceSnapshot.Fetched fetched
            ? Optional.of(fetched.files())
            : rollouts.active()
                ? lastSynced.flatMap(source::files) // a rollout to advance: same commit
                : Optional.empty();
    if (read.isEmpty()) {
      return new Next.Stop(new SyncOutcome.SourceUnchanged(work.commit()));
    }
    work.files = read.get();
    return Next.CONTINUE;
  }

  /** 3. The rendered branches as the destination has them now. */
  private Next readBranches(Work work) throws PublishException {
    work.all = Traces.stage("fetch rendered branches", publisher::fetch);
    work.destination = work.all.only(work.environments);
    return Next.CONTINUE;
  }

  /** 4. Load the fleet; identity is decided once: each cluster keeps its branch's name. */
  private Next load(Work work) {
    work.full = Traces.stage("load", () -> pipeline.load(work.files, work.all.identities()));
    if (work.attempt == 1 && work.snapshot instanceof SourceSnapshot.Fetched) {
      LOG.infof(
          "Read %d cluster(s) from %s: rendering what changed",
          work.full.only(work.environments).clusters().size(), work.commit().shortId());
    }
    return Next.CONTINUE;
  }

  /** 5. Where each environment's rollout stands, and the fleet each cluster renders with. */
  private Next planRollouts(Work work) throws PublishException {
    work.plan =
        Traces.stage(
            "rollout",
            () -> rollouts.plan(work.commit(), work.files, work.full, work.environments, work.all));
    return Next.CONTINUE;
  }

  /** 6. Render and check what changed; kept and current clusters are skipped. */
  private Next render(Work work) {
    work.render =
        Traces.stage(
            "render and check",
            () ->
                pipeline.render(
                    work.plan.fleet(),
                    spec ->
                        work.plan.keep().contains(spec.id()) || work.destination.isCurrent(spec),
                    // each checked cluster's files go into the pack as it is checked
                    clusters -> publisher.sink(work.commit(), work.plan.staging(), clusters)));
    return Next.CONTINUE;
  }

  /** 7. A replica that lost its lease (or is stopping) must not push. */
  private Next checkLeadership(Work work) {
    if (!mayPublish.getAsBoolean() || Thread.currentThread().isInterrupted()) {
      return new Next.Stop(
          new SyncOutcome.Failed(
              SyncOutcome.Stage.LEADERSHIP,
              "this replica stopped leading before it pushed; nothing was pushed"));
    }
    return Next.CONTINUE;
  }

  /** 8. Commit and push what changed; a branch that moved is retried, another refusal is not. */
  private Next publish(Work work) throws PublishException {
    PublishOutcome outcome =
        Traces.stage(
            "publish",
            () ->
                publisher.publish(
                    work.commit(), work.render, work.destination, work.plan.staging()));
    return switch (outcome) {
      case PublishOutcome.Committed c -> synced(work, c.commits());
      case PublishOutcome.Unchanged u -> synced(work, Map.of());
      case PublishOutcome.Rejected r ->
          r.retryable() ? new Next.Retry(r.reason()) : new Next.Stop(rejected(work, r.reason()));
    };
  }

  private Next synced(Work work, Map<String, PublishOutcome.BranchCommit> commits) {
    lastSynced = Optional.of(work.commit().id());
    return new Next.Stop(new SyncOutcome.Synced(work.commit(), work.render, commits));
  }

  private static SyncOutcome rejected(Work work, String reason) {
    return new SyncOutcome.Failed(
        SyncOutcome.Stage.PUBLISH,
        "push rejected after " + work.attempt + " attempt(s): " + reason);
  }

  /** A refused head renders nothing: the rendered branches stay as they are. */
  private SyncOutcome refuse(SourceSnapshot.Refused refused) {
    if (!lastRefused.equals(Optional.of(refused.commit().id()))) {
      lastRefused = Optional.of(refused.commit().id());
      steps = new Steps(steps.poll(), steps.answered(), steps.pushRetries(), true);
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
