package io.alloyfleet.status;

import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.Explanation;
import io.alloyfleet.kube.ArgoApplications;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.ClusterMetadata;
import io.alloyfleet.publish.Destination;
import io.alloyfleet.publish.RenderedBranch;
import io.alloyfleet.sync.ClusterState;
import io.alloyfleet.sync.FleetSettings;
import io.alloyfleet.sync.SyncLoop;
import io.alloyfleet.sync.SyncOutcome;
import io.alloyfleet.sync.SyncResult;
import io.alloyfleet.sync.SyncView;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Answers "is every cluster's agent config rendered and committed, and if not, why?" from the last
 * render and the rendered branches as they are. Nothing here holds a credential.
 */
@ApplicationScoped
public class StatusService {

  private final SyncView loop;
  private final FleetSettings settings;
  private final io.alloyfleet.sync.SyncMetrics metrics;

  private final ArgoApplications argo;
  private final RenderPipeline pipeline;

  public StatusService(
      SyncView loop,
      FleetSettings settings,
      io.alloyfleet.sync.SyncMetrics metrics,
      ArgoApplications argo,
      RenderPipeline pipeline) {
    this.pipeline = pipeline;
    this.loop = loop;
    this.settings = settings;
    this.metrics = metrics;
    this.argo = argo;
  }

  /**
   * Status is computed once per sync (and at most every few seconds otherwise), not per request.
   */
  private static final java.time.Duration MAX_AGE = java.time.Duration.ofSeconds(5);

  private record Snapshot(
      StatusView.Fleet fleet, List<StatusView.Cluster> clusters, java.time.Instant at) {}

  private volatile Snapshot snapshot;

  /** Off the sync thread: a slow Argo CD listing or a failure here never holds up a sync. */
  void synced(@jakarta.enterprise.event.ObservesAsync SyncLoop.LastSync last) {
    metrics.clusters(refresh().fleet().clusterStates());
  }

  /** The snapshot, taken again when it is older than the last sync or than a few seconds. */
  private Snapshot current() {
    Snapshot s = snapshot;
    java.time.Instant lastSync =
        loop.lastSync().map(SyncLoop.LastSync::time).orElse(java.time.Instant.MIN);
    if (s == null
        || s.at().isBefore(java.time.Instant.now().minus(MAX_AGE))
        || s.at().isBefore(lastSync)) {
      s = refresh();
    }
    return s;
  }

  private synchronized Snapshot refresh() {
    Destination destination = destination();
    List<StatusView.Cluster> clusters =
        clusters(destination, argo.applications(loop.destinationUrl().orElse("")));
    Snapshot s = new Snapshot(fleet(destination, clusters), clusters, java.time.Instant.now());
    snapshot = s;
    return s;
  }

  /** Where each value of a cluster comes from, at the source commit last synced. */
  public Optional<Explanation> values(String id) {
    return loop.syncedFleet().flatMap(files -> pipeline.explain(files, id));
  }

  public StatusView.Fleet fleet() {
    return current().fleet();
  }

  /**
   * Where each environment's rollout stands: as this replica's last sync decided it, or, on a
   * replica that does not publish an environment, as its branch's {@code rollout.json} records it.
   */
  public List<io.alloyfleet.rollout.RolloutStatus> rollouts() {
    Map<String, io.alloyfleet.rollout.RolloutStatus> byEnvironment =
        new TreeMap<>(loop.lastRolloutPlan().map(p -> p.statuses()).orElse(Map.of()));
    destination()
        .branches()
        .forEach(
            (env, branch) ->
                branch
                    .rootFile(io.alloyfleet.rollout.RolloutRecord.FILE)
                    .filter(r -> !byEnvironment.containsKey(env))
                    .flatMap(
                        r ->
                            io.alloyfleet.rollout.RolloutRecord.read(r, java.time.Instant.now())
                                .record())
                    .ifPresent(r -> byEnvironment.put(env, recorded(env, r))));
    return List.copyOf(byEnvironment.values());
  }

  private static io.alloyfleet.rollout.RolloutStatus recorded(
      String env, io.alloyfleet.rollout.RolloutRecord record) {
    return new io.alloyfleet.rollout.RolloutStatus(
        env,
        record.state() == io.alloyfleet.rollout.RolloutState.ABORTED
            ? io.alloyfleet.rollout.RolloutState.HALTED
            : record.state(),
        record.target(),
        record.from(),
        new io.alloyfleet.rollout.RolloutStatus.WaveRef(record.wave(), record.waveName()),
        List.of(),
        record.since().toString(),
        record.reason(),
        List.of(),
        0);
  }

  private StatusView.Fleet fleet(Destination destination, List<StatusView.Cluster> clusters) {
    Map<String, Long> states = new LinkedHashMap<>();
    for (ClusterState state : ClusterState.values()) {
      states.put(state.label(), clusters.stream().filter(c -> c.state() == state).count());
    }
    List<StatusView.Environment> environments =
        destination.branches().values().stream()
            .map(
                b ->
                    new StatusView.Environment(
                        b.environment(), b.name(), b.tip().map(t -> t.name()).orElse(null)))
            .toList();
    Optional<SyncLoop.LastSync> last = loop.lastSync();
    StatusView.LastSync lastSync = last.map(StatusService::view).orElse(null);
    String sourceCommit =
        last.map(
                l ->
                    switch (l.outcome()) {
                      case SyncOutcome.SourceUnchanged u -> u.commit().id();
                      case SyncOutcome.Synced s -> s.commit().id();
                      case SyncOutcome.Failed f -> null;
                    })
            .orElse(null);
    String lastError =
        last.filter(l -> l.outcome() instanceof SyncOutcome.Failed)
            .map(l -> ((SyncOutcome.Failed) l.outcome()).error())
            .orElse(null);
    return new StatusView.Fleet(
        loop.leader(),
        role(),
        source(),
        sourceCommit,
        loop.lastRender().map(r -> r.commit().id()).orElse(null),
        lastSync,
        environments,
        states,
        lastError,
        loop.lastRender()
            .map(r -> r.render().warnings().stream().map(StatusView.Problem::of).toList())
            .orElse(List.of()),
        loop.branches()
            .signingKey()
            .map(key -> new StatusView.Signing(key.format().label(), key.fingerprint()))
            .orElse(null));
  }

  private String role() {
    if (!loop.leader()) {
      return "follower";
    }
    var led = loop.ledEnvironments();
    return led.isEmpty()
        ? "leader"
        : "leader of " + String.join(", ", new java.util.TreeSet<>(led));
  }

  private StatusView.Source source() {
    return loop.source()
        .map(
            s ->
                new StatusView.Source(
                    s.displayUrl(), s.branch(), settings.source().path().orElse("")))
        .orElse(
            new StatusView.Source(
                null, settings.source().branch(), settings.source().path().orElse("")));
  }

  private static StatusView.LastSync view(SyncLoop.LastSync last) {
    return switch (last.outcome()) {
      case SyncOutcome.Failed f ->
          new StatusView.LastSync(
              last.time(), last.trigger(), SyncResult.FAILED, f.stage().label() + ": " + f.error());
      default ->
          new StatusView.LastSync(last.time(), last.trigger(), SyncResult.of(last.outcome()), null);
    };
  }

  public List<StatusView.Cluster> clusters() {
    return current().clusters();
  }

  public Optional<StatusView.Cluster> cluster(String id) {
    return clusters().stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** A rendered file as committed on the cluster's branch. */
  public Optional<String> file(String id, String path) {
    if (path.contains("..") || path.startsWith("/")) {
      return Optional.empty();
    }
    Optional<RenderedBranch> branch =
        destination().branches().values().stream()
            .filter(b -> b.clusters().containsKey(id))
            .findFirst();
    if (branch.isEmpty()) {
      return Optional.empty();
    }
    try {
      return loop.branches().read(branch.get(), id + "/" + path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + id + "/" + path, e);
    }
  }

  private Destination destination() {
    return loop.branches().current();
  }

  private List<StatusView.Cluster> clusters(
      Destination destination, ArgoApplications.Applications applications) {
    Map<String, StatusView.Cluster> clusters = new TreeMap<>();
    Map<String, io.alloyfleet.rollout.RolloutStatus.ClusterRollout> rollouts =
        loop.lastRolloutPlan().map(p -> p.clusters()).orElse(Map.of());
    // What the branches hold: every cluster rendered at some point.
    destination
        .branches()
        .values()
        .forEach(
            branch ->
                branch
                    .clusters()
                    .forEach(
                        (id, meta) ->
                            clusters.put(
                                id,
                                cluster(
                                    id, branch, meta, ClusterState.OK, List.of(), applications))));
    Optional<SyncOutcome.Synced> render = loop.lastRender();
    render.ifPresent(
        r -> {
          for (Invalid invalid : r.render().invalid()) {
            Optional<RenderedBranch> branch =
                destination.branches().values().stream()
                    .filter(b -> b.clusters().containsKey(invalid.id()))
                    .findFirst();
            List<StatusView.Problem> problems =
                invalid.problems().stream().map(StatusView.Problem::of).toList();
            clusters.put(
                invalid.id(),
                branch
                    .map(
                        b ->
                            cluster(
                                invalid.id(),
                                b,
                                b.clusters().get(invalid.id()),
                                ClusterState.STALE,
                                problems,
                                applications))
                    .orElse(
                        StatusView.Cluster.unrendered(
                            invalid.id(),
                            invalid.environment().orElse(null),
                            ClusterState.INVALID,
                            problems)));
          }
          Map<String, ClusterSpec> known = r.render().specsById();
          known.forEach(
              (id, spec) ->
                  clusters.computeIfAbsent(
                      id,
                      k ->
                          StatusView.Cluster.unrendered(
                              k, spec.environment(), ClusterState.PENDING, List.of())));
          // Clusters gone from the fleet but still on a branch are about to be removed.
          Set<String> invalid =
              r.render().invalid().stream().map(Invalid::id).collect(Collectors.toSet());
          clusters.keySet().removeIf(id -> !known.containsKey(id) && !invalid.contains(id));
          known.forEach(
              (id, spec) ->
                  clusters.computeIfPresent(
                      id, (k, c) -> c.with(spec.values().cluster().labels(), rollouts.get(id))));
        });
    return List.copyOf(clusters.values());
  }

  private static StatusView.Cluster cluster(
      String id,
      RenderedBranch branch,
      ClusterMetadata meta,
      ClusterState state,
      List<StatusView.Problem> problems,
      ArgoApplications.Applications applications) {
    StatusView.LastGoodRender render =
        new StatusView.LastGoodRender(
            meta.configHash(),
            meta.drySha(),
            branch.tip().map(t -> t.name()).orElse(null),
            meta.date());
    return StatusView.Cluster.rendered(
        id,
        branch.environment(),
        state,
        problems,
        render,
        applications
            .status(id, branch.name())
            .map(
                a ->
                    new StatusView.Argo(
                        a.sync().map(s -> s.code()).orElse(null),
                        a.revision(),
                        a.health().map(h -> h.code()).orElse(null))));
  }
}
