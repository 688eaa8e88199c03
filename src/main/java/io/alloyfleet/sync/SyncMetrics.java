package io.alloyfleet.sync;

import io.alloyfleet.fleet.values.Formats;
import io.alloyfleet.rollout.RolloutState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller's metrics, one prefix and Prometheus units: {@code alloy_fleet_…} at /q/metrics.
 * Labels carry environments, results and cluster ids, never URLs or secrets.
 */
@ApplicationScoped
public class SyncMetrics {

  private final MeterRegistry registry;
  private final AtomicLong lastSuccess = new AtomicLong();
  private final Map<String, AtomicLong> clustersByState = new ConcurrentHashMap<>();
  private final Map<String, Counter> renderFailures = new ConcurrentHashMap<>();

  public SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge(
        "alloy.fleet.last.successful.sync.timestamp.seconds", lastSuccess, AtomicLong::doubleValue);
    for (ClusterState state : ClusterState.values()) {
      AtomicLong gauge = new AtomicLong();
      clustersByState.put(state.label(), gauge);
      registry.gauge(
          "alloy.fleet.clusters",
          io.micrometer.core.instrument.Tags.of("state", state.label()),
          gauge,
          AtomicLong::doubleValue);
    }
  }

  /**
   * After each sync, off the sync thread, as every observer hears of it: its poll, its retried
   * pushes, a refused head, its duration and pushes, and where each rollout stands.
   */
  void synced(@ObservesAsync SyncLoop.LastSync last) {
    last.steps()
        .poll()
        .ifPresent(poll -> sourceFetch(poll, last.steps().answered() ? "ok" : "failed"));
    for (int i = 0; i < last.steps().pushRetries(); i++) {
      pushRetry();
    }
    if (last.steps().refused()) {
      sourceRefused();
    }
    record(last.outcome(), last.took());
    if (last.outcome() instanceof SyncOutcome.Synced) {
      rollouts(last.rollouts().statuses().values());
    }
  }

  /** What one sync did: its duration by result, its pushes, the clusters it found invalid. */
  void record(SyncOutcome outcome, Duration duration) {
    sync(duration, SyncResult.of(outcome));
    switch (outcome) {
      case SyncOutcome.SourceUnchanged u -> {}
      case SyncOutcome.Synced s -> {
        s.commits().keySet().forEach(env -> push(env, "ok"));
        Set<String> clusters = new java.util.HashSet<>();
        s.render().specs().forEach(spec -> clusters.add(spec.id()));
        s.render().invalid().forEach(i -> clusters.add(i.id()));
        renderFailures(s.render().invalid().stream().map(i -> i.id()).toList(), clusters);
      }
      case SyncOutcome.Failed f -> {
        Counter.builder("alloy.fleet.sync.failures")
            .description("Syncs that failed, by the stage they stopped at")
            .tag("stage", f.stage().label())
            .register(registry)
            .increment();
        if (f.stage() == SyncOutcome.Stage.PUBLISH) {
          push("all", "failed");
        }
      }
    }
  }

  private void sync(Duration duration, SyncResult result) {
    Timer.builder("alloy.fleet.sync.duration")
        .description("Duration of syncs by result")
        .tag("result", result.label())
        .publishPercentileHistogram()
        .register(registry)
        .record(duration);
    if (result != SyncResult.FAILED) {
      lastSuccess.set(System.currentTimeMillis() / 1000);
    }
  }

  /** A source head that renders nothing: unsigned, or not signed by a trusted key. */
  void sourceRefused() {
    Counter.builder("alloy.fleet.source.commits.refused")
        .description("Source heads not rendered: unsigned or signed by a key not trusted")
        .register(registry)
        .increment();
  }

  void sourceFetch(Duration duration, String result) {
    Timer.builder("alloy.fleet.source.fetch.duration")
        .description("Source polls and fetches by result")
        .tag("result", result)
        .publishPercentileHistogram()
        .register(registry)
        .record(duration);
  }

  /**
   * Counts the syncs in which each cluster was invalid. A series exists only for a cluster of the
   * fleet: ids that are not cluster ids (a directory named anything at all) get none, and the
   * series of a cluster deleted since is removed, so the number of series is bounded by the fleet,
   * not by what was ever pushed.
   */
  void renderFailures(Collection<String> invalid, Set<String> clusters) {
    for (String cluster : invalid) {
      if (Formats.isDnsLabel(cluster) && clusters.contains(cluster)) {
        renderFailures
            .computeIfAbsent(
                cluster,
                c ->
                    Counter.builder("alloy.fleet.render.failures")
                        .description("Syncs in which a cluster was invalid")
                        .tag("cluster", c)
                        .register(registry))
            .increment();
      }
    }
    renderFailures
        .entrySet()
        .removeIf(
            e -> {
              if (clusters.contains(e.getKey())) {
                return false;
              }
              registry.remove(e.getValue());
              return true;
            });
  }

  private void push(String environment, String result) {
    Counter.builder("alloy.fleet.pushes")
        .description("Rendered branch updates pushed, by result")
        .tag("environment", environment)
        .tag("result", result)
        .register(registry)
        .increment();
  }

  void pushRetry() {
    Counter.builder("alloy.fleet.push.retries")
        .description("Pushes retried because a branch moved")
        .register(registry)
        .increment();
  }

  public void webhook(SyncTrigger source, String result) {
    Counter.builder("alloy.fleet.webhook.deliveries")
        .description("Webhook and API sync requests by result")
        .tag("source", source.text())
        .tag("result", result)
        .register(registry)
        .increment();
  }

  /** The states a rollout reports, one gauge each per environment (1 for the current one). */
  static final java.util.List<RolloutState> ROLLOUT_STATES =
      java.util.List.of(
          RolloutState.IDLE,
          RolloutState.PROGRESSING,
          RolloutState.SOAKING,
          RolloutState.HALTED,
          RolloutState.PAUSED,
          RolloutState.COMPLETE);

  private final Map<String, AtomicLong> rolloutGauges = new ConcurrentHashMap<>();
  private final Map<String, RolloutState> rolloutStates = new ConcurrentHashMap<>();

  /**
   * Each environment's rollout after a sync: its wave, its state, its clusters still waiting, and a
   * count of halts (each time it enters {@code halted}).
   */
  void rollouts(Collection<io.alloyfleet.rollout.RolloutStatus> statuses) {
    for (var status : statuses) {
      String env = status.environment();
      gauge("alloy.fleet.rollout.wave", env, null).set(status.wave().index());
      gauge("alloy.fleet.rollout.clusters.pending", env, null).set(status.pending());
      for (RolloutState state : ROLLOUT_STATES) {
        gauge("alloy.fleet.rollout.state", env, state.text()).set(state == status.state() ? 1 : 0);
      }
      RolloutState before = rolloutStates.put(env, status.state());
      Counter halts =
          Counter.builder("alloy.fleet.rollout.halts")
              .description("Times an environment's rollout halted")
              .tag("environment", env)
              .register(registry);
      if (status.state() == RolloutState.HALTED
          && before != null
          && before != RolloutState.HALTED) {
        halts.increment();
      }
    }
  }

  private AtomicLong gauge(String name, String environment, String state) {
    return rolloutGauges.computeIfAbsent(
        name + "|" + environment + "|" + state,
        k -> {
          var tags = io.micrometer.core.instrument.Tags.of("environment", environment);
          if (state != null) {
            tags = tags.and("state", state);
          }
          return registry.gauge(name, tags, new AtomicLong(), AtomicLong::doubleValue);
        });
  }

  public void clusters(Map<String, Long> states) {
    clustersByState.forEach((state, gauge) -> gauge.set(states.getOrDefault(state, 0L)));
  }
}
