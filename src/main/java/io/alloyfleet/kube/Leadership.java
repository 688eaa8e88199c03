package io.alloyfleet.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One writer among replicas: holds a Kubernetes Lease while leading (fabric8's LeaderElector).
 * {@code onStart} runs when this replica becomes leader, {@code onStop} the moment it loses the
 * lease (or is closed).
 */
public final class Leadership implements AutoCloseable {

  /**
   * Lease timings: how long a lease lasts, how long a leader may fail to renew, how often to try.
   */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String lease;
  private final String identity;
  private final Timing timing;
  private final Runnable onStart;
  private final Runnable onStop;
  private final Consumer<String> onNewLeader;
  private final AtomicBoolean leading = new AtomicBoolean();
  private CompletableFuture<?> running;

  public Leadership(
      KubernetesClient client,
      String namespace,
      String lease,
      String identity,
      Timing timing,
      Runnable onStart,
      Runnable onStop,
      Consumer<String> onNewLeader) {
    this.client = client;
    this.namespace = namespace;
    this.lease = lease;
    this.identity = identity;
    this.timing = timing;
    this.onStart = onStart;
    this.onStop = onStop;
    this.onNewLeader = onNewLeader;
  }

  public synchronized void start() {
    if (running != null) {
      return;
    }
    running =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(lease)
                    .withLock(new LeaseLock(namespace, lease, identity))
                    .withLeaseDuration(timing.leaseDuration())
                    .withRenewDeadline(timing.renewDeadline())
                    .withRetryPeriod(timing.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            () -> {
                              leading.set(true);
                              onStart.run();
                            },
                            () -> {
                              leading.set(false);
                              onStop.run();
                            },
                            onNewLeader::accept))
                    .build())
            .build()
            .start();
  }

  public boolean leading() {
    return leading.get();
  }

  public String identity() {
    return identity;
  }

  /** Steps down: releases the lease so another replica takes over at once. */
  @Override
  public synchronized void close() {
    if (running != null) {
      running.cancel(true);
      running = null;
    }
    if (leading.getAndSet(false)) {
      onStop.run();
    }
  }
}
