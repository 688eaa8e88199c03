package io.alloyfleet.sync;

import io.alloyfleet.kube.LeaderElectionSettings;
import io.alloyfleet.kube.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Who writes: one Lease for the whole fleet, or one per environment (the replicas then share the
 * environments). Tells the loop when this replica gains or loses the right to publish.
 */
final class Election implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Election.class);

  private final LeaderElectionSettings settings;
  private final Supplier<KubernetesClient> client;
  private final Sync sync;
  private final Runnable onLead;
  private final Runnable onLose;
  private final Map<String, Leadership> leases = new ConcurrentHashMap<>();
  private final Set<String> ledEnvironments = ConcurrentHashMap.newKeySet();
  private volatile String currentLeader;

  Election(
      LeaderElectionSettings settings,
      Supplier<KubernetesClient> client,
      Sync sync,
      Runnable onLead,
      Runnable onLose) {
    this.settings = settings;
    this.client = client;
    this.sync = sync;
    this.onLead = onLead;
    this.onLose = onLose;
  }

  static boolean enabled(LeaderElectionSettings settings) {
    return settings.enabled().orElse(System.getenv("KUBERNETES_SERVICE_HOST") != null);
  }

  /** Whether each environment has a lease of its own. */
  boolean perEnvironment() {
    return settings.perEnvironment();
  }

  void start() {
    if (settings.perEnvironment()) {
      sync.own(ledEnvironments::contains);
      refresh();
    } else {
      leases.computeIfAbsent("", k -> lease(settings.leaseName(), onLead, onLose)).start();
    }
  }

  /** With per-environment leases, joins the election of every environment the fleet now has. */
  void refresh() {
    if (!settings.perEnvironment()) {
      return;
    }
    try {
      for (String environment : sync.environments()) {
        leases.computeIfAbsent(
            environment,
            env -> {
              Leadership lease =
                  lease(settings.leaseName() + "-" + env, () -> gained(env), () -> lost(env));
              lease.start();
              return lease;
            });
      }
    } catch (Exception e) {
      LOG.warnf("Cannot read the fleet's environments for leader election: %s", e.getMessage());
    }
  }

  private Leadership lease(String name, Runnable onStart, Runnable onStop) {
    KubernetesClient kubernetes = client.get();
    String namespace =
        settings
            .namespace()
            .orElseGet(
                () -> kubernetes.getNamespace() != null ? kubernetes.getNamespace() : "default");
    String identity =
        settings
            .identity()
            .orElseGet(
                () ->
                    System.getenv()
                        .getOrDefault("HOSTNAME", "alloy-fleet-" + ProcessHandle.current().pid()));
    LOG.infof("Leader election on Lease %s/%s as %s", namespace, name, identity);
    return new Leadership(
        kubernetes,
        namespace,
        name,
        identity,
        new Leadership.Timing(
            settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod()),
        onStart,
        onStop,
        holder -> currentLeader = holder);
  }

  private void gained(String environment) {
    LOG.infof("This replica now leads environment %s", environment);
    ledEnvironments.add(environment);
    sync.own(ledEnvironments::contains);
    onLead.run();
  }

  private void lost(String environment) {
    LOG.warnf("This replica lost environment %s: it stops publishing it now", environment);
    ledEnvironments.remove(environment);
    sync.own(ledEnvironments::contains);
    if (ledEnvironments.isEmpty()) {
      onLose.run();
    }
  }

  Set<String> ledEnvironments() {
    return Set.copyOf(ledEnvironments);
  }

  Optional<String> currentLeader() {
    return Optional.ofNullable(currentLeader);
  }

  @Override
  public void close() {
    leases.values().forEach(Leadership::close);
  }
}
