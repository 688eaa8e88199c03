package io.alloyfleet.sync;

import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.source.FleetSource;
import io.alloyfleet.source.RemoteAccess;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.jboss.logging.Logger;

/**
 * Runs syncs for the service: on start, on the poll schedule (with jitter), and when a
 * webhook or {@code POST /api/sync} asks. Requests coalesce: at most one sync runs and at
 * most one more waits. Inactive in CLI mode.
 */
@ApplicationScoped
public class SyncLoop {

  private static final Logger LOG = Logger.getLogger(SyncLoop.class);

  private final FleetSettings settings;
  private final RenderPipeline pipeline;
  private final SyncMetrics metrics;
  private final jakarta.enterprise.event.Event<LastSync> completed;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "alloy-fleet-sync");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean queued = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicReference<LastSync> last = new AtomicReference<>();
  private final AtomicReference<SyncOutcome.Synced> lastSynced = new AtomicReference<>();
  private final AtomicReference<Instant> lastSourceContact = new AtomicReference<>();
  private volatile Sync sync;
  private volatile boolean active;
  private volatile boolean leader;
  private volatile String currentLeader;
  private volatile java.util.concurrent.Future<?> current;
  private Leadership leadership;
  private final java.util.Map<String, Leadership> environmentLeases = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Set<String> ledEnvironments = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final jakarta.enterprise.inject.Instance<io.fabric8.kubernetes.client.KubernetesClient> kubernetes;

  /** The most recent sync: when it ran, why, and how it ended. */
  public record LastSync(Instant time, String trigger, SyncOutcome outcome) {}

  public SyncLoop(FleetSettings settings, RenderPipeline pipeline, SyncMetrics metrics, jakarta.enterprise.event.Event<LastSync> completed,
      jakarta.enterprise.inject.Instance<io.fabric8.kubernetes.client.KubernetesClient> kubernetes) {
    this.kubernetes = kubernetes;
    this.settings = settings;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.completed = completed;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.controllerEnabled()) {
      return;
    }
    try {
      sync = create();
      active = true;
      if (electionEnabled()) {
        startElection();
      } else {
        leader = true;
        request("startup");
      }
    } catch (Exception e) {
      LOG.errorf("Alloy Fleet cannot start syncing: %s", e.getMessage());
    }
  }

  private boolean electionEnabled() {
    return settings.leaderElection().enabled().orElse(System.getenv("KUBERNETES_SERVICE_HOST") != null);
  }

  private void startElection() {
    var election = settings.leaderElection();
    if (election.perEnvironment()) {
      sync.own(ledEnvironments::contains);
      executor.execute(this::electPerEnvironment);
      return;
    }
    leadership = lease(election.leaseName(), this::becameLeader, this::lostLeadership);
    leadership.start();
  }

  private Leadership lease(String name, Runnable onStart, Runnable onStop) {
    var election = settings.leaderElection();
    var client = kubernetes.get();
    String namespace = election.namespace().orElseGet(() -> client.getNamespace() != null ? client.getNamespace() : "default");
    String identity = election.identity().orElseGet(() -> System.getenv().getOrDefault("HOSTNAME", "alloy-fleet-" + ProcessHandle.current().pid()));
    LOG.infof("Leader election on Lease %s/%s as %s", namespace, name, identity);
    return new Leadership(client, namespace, name, identity,
        new Leadership.Timing(election.leaseDuration(), election.renewDeadline(), election.retryPeriod()),
        onStart, onStop, holder -> currentLeader = holder);
  }

  /** Per-environment election: one Lease for each environment the fleet has. */
  private void electPerEnvironment() {
    try {
      for (String environment : sync.environments()) {
        environmentLeases.computeIfAbsent(environment, env -> {
          Leadership lease = lease(settings.leaderElection().leaseName() + "-" + env, () -> gained(env), () -> lost(env));
          lease.start();
          return lease;
        });
      }
    } catch (Exception e) {
      LOG.warnf("Cannot read the fleet's environments for leader election: %s", e.getMessage());
    }
  }

  private void gained(String environment) {
    LOG.infof("This replica now leads environment %s", environment);
    ledEnvironments.add(environment);
    sync.own(ledEnvironments::contains);
    leader = true;
    request("leader:" + environment);
  }

  private void lost(String environment) {
    LOG.warnf("This replica lost environment %s: it stops publishing it now", environment);
    ledEnvironments.remove(environment);
    sync.own(ledEnvironments::contains);
    if (ledEnvironments.isEmpty()) {
      lostLeadership();
    }
  }

  /** The environments this replica publishes, when leases are per environment. */
  public java.util.Set<String> ledEnvironments() {
    return java.util.Set.copyOf(ledEnvironments);
  }

  void becameLeader() {
    LOG.info("This replica is now the leader: it polls and pushes");
    leader = true;
    request("leader");
  }

  void lostLeadership() {
    LOG.warn("This replica lost the lease: syncing stops now");
    leader = false;
    java.util.concurrent.Future<?> running = current;
    if (running != null) {
      running.cancel(true);
    }
    queued.set(false);
  }

  void stop(@Observes ShutdownEvent event) {
    active = false;
    if (leadership != null) {
      leadership.close();
    }
    environmentLeases.values().forEach(Leadership::close);
    executor.shutdownNow();
  }

  private Sync create() throws Exception {
    Path dataDir = settings.dataDir();
    Files.createDirectories(dataDir);
    Path sshHome = dataDir.resolve("ssh");
    var src = settings.source();
    boolean demo = src.url().isEmpty();
    String sourceUrl = demo ? DemoFleet.ensure(dataDir, Path.of("gitops-example")) : src.url().get();
    var sc = src.credentials();
    RemoteAccess source = new RemoteAccess(sourceUrl, sc.username(), sc.passwordFile(), sc.password(), sc.sshKeyFile(), sc.knownHostsFile(), sc.allowUnknownHosts(), sshHome);
    var dc = settings.destination().credentials();
    RemoteAccess destination = settings.destination().url()
        .map(url -> new RemoteAccess(url, dc.username(), dc.passwordFile(), dc.password(), dc.sshKeyFile(), dc.knownHostsFile(), dc.allowUnknownHosts(), sshHome))
        .orElse(source);
    Path cachePath = dataDir.resolve("cache.git");
    Repository cache = Files.isDirectory(cachePath.resolve("objects"))
        ? Git.open(cachePath.toFile()).getRepository()
        : Git.init().setBare(true).setDirectory(cachePath.toFile()).call().getRepository();
    String root = src.path().orElse("");
    FleetSource fleetSource = new FleetSource(cache, source, src.branch(), root);
    BranchPublisher publisher = new BranchPublisher(cache, destination, settings.destination().branchTemplate(), source.displayUrl());
    if (demo) {
      Path seed = dataDir.resolve("demo-seed").toAbsolutePath();
      LOG.infof("No alloy-fleet.source.url set: running the demo on %s, seeded from gitops-example/. Try: edit %s/clusters/edge-small/cluster.yaml, "
          + "then git -C %s commit -am 'My change' && git -C %s push; watch git -C %s log --stat rendered/production",
          source.displayUrl(), seed, seed, seed, dataDir.resolve("demo-fleet.git").toAbsolutePath());
    }
    LOG.infof("Syncing %s branch %s%s every %s to %s (%s)", source.displayUrl(), src.branch(),
        root.isEmpty() ? "" : " path " + root, settings.pollInterval(), destination.displayUrl(), settings.destination().branchTemplate());
    Sync.Listener listener = new Sync.Listener() {
      @Override
      public void sourcePolled(Duration duration, boolean ok) {
        metrics.sourceFetch(duration, ok ? "ok" : "failed");
      }

      @Override
      public void pushRetried() {
        metrics.pushRetry();
      }
    };
    return new Sync(fleetSource, publisher, pipeline, Duration.ofMillis(500), listener);
  }

  @Scheduled(every = "${alloy-fleet.poll-interval:30s}", delayed = "${alloy-fleet.poll-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    if (!active) {
      return;
    }
    if (settings.leaderElection().perEnvironment() && electionEnabled()) {
      executor.execute(this::electPerEnvironment);
    }
    if (!leader) {
      executor.execute(this::refreshAsFollower);
      return;
    }
    long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, settings.pollInterval().toMillis() / 10));
    executor.schedule(() -> request("schedule"), jitter, TimeUnit.MILLISECONDS);
  }

  /** Asks for a sync; false when one is already waiting (this request is folded into it). */
  public boolean request(String trigger) {
    if (!active || !leader || !queued.compareAndSet(false, true)) {
      return false;
    }
    current = executor.submit(() -> {
      running.set(true);
      queued.set(false);
      try {
        if (leader) {
          run(trigger);
        }
      } finally {
        running.set(false);
      }
    });
    return true;
  }

  /** A follower keeps its copy of the rendered branches fresh, to serve status from them. */
  private void refreshAsFollower() {
    try {
      sync.publisher().fetch();
    } catch (Exception e) {
      LOG.debugf("Follower could not refresh rendered branches: %s", e.getMessage());
    }
  }

  private void run(String trigger) {
    SyncOutcome outcome;
    long started = System.nanoTime();
    try {
      outcome = sync.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      LOG.error("Sync failed unexpectedly", e);
      outcome = new SyncOutcome.Failed("internal", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    LastSync done = new LastSync(Instant.now(), trigger, outcome);
    if (!(outcome instanceof SyncOutcome.Failed f && f.stage().equals("source"))) {
      lastSourceContact.set(done.time());
    }
    last.set(done);
    if (outcome instanceof SyncOutcome.Synced synced) {
      lastSynced.set(synced);
    }
    record(outcome, Duration.ofNanos(System.nanoTime() - started));
    log(outcome);
    completed.fire(done);
    completed.fireAsync(done);
  }

  private void record(SyncOutcome outcome, Duration duration) {
    switch (outcome) {
      case SyncOutcome.SourceUnchanged u -> metrics.sync(duration, "unchanged");
      case SyncOutcome.Synced s -> {
        metrics.sync(duration, s.commits().isEmpty() ? "current" : "committed");
        s.commits().keySet().forEach(env -> metrics.push(env, "ok"));
        s.render().invalid().forEach(i -> metrics.renderFailure(i.id()));
      }
      case SyncOutcome.Failed f -> {
        metrics.sync(duration, "failed");
        if (f.stage().equals("publish")) {
          metrics.push("all", "failed");
        }
      }
    }
  }

  private static void log(SyncOutcome outcome) {
    switch (outcome) {
      case SyncOutcome.SourceUnchanged u -> LOG.debugf("Source unchanged at %s", u.commit().shortId());
      case SyncOutcome.Synced s -> {
        s.render().invalid().forEach(i -> i.problems().forEach(p -> LOG.warnf("Cluster %s is invalid: %s", i.id(), p.format())));
        if (s.commits().isEmpty()) {
          LOG.infof("Rendered %s: every branch is current", s.commit().shortId());
        } else {
          s.commits().forEach((env, c) -> LOG.infof("Rendered %s onto %s as %s (clusters changed: %s)", s.commit().shortId(), c.branch(), c.commit().substring(0, 7), c.changedClusters()));
        }
      }
      case SyncOutcome.Failed f -> LOG.errorf("Sync failed at %s: %s", f.stage(), f.error());
    }
  }

  /** The most recent sync that rendered the fleet (polls that found no change keep it). */
  public Optional<SyncOutcome.Synced> lastRender() {
    return Optional.ofNullable(lastSynced.get());
  }

  public Optional<LastSync> lastSync() {
    return Optional.ofNullable(last.get());
  }

  /** When the source last answered a poll. */
  public Optional<Instant> lastSourceContact() {
    return Optional.ofNullable(lastSourceContact.get());
  }

  /** True while a sync runs or waits. */
  public boolean busy() {
    return queued.get() || running.get();
  }

  /** This replica writes (it holds the lease, or runs alone). */
  public boolean leader() {
    return active && leader;
  }

  /** The identity of the current leader when leader election is on. */
  public Optional<String> currentLeader() {
    return Optional.ofNullable(currentLeader);
  }

  public boolean active() {
    return active;
  }

  /** The sync this loop runs, for status pages; empty in CLI mode or before start. */
  public Optional<Sync> sync() {
    return Optional.ofNullable(sync);
  }
}
