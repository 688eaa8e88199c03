package io.alloyfleet.rollout;

import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.rolloutspec.Rollout;
import io.alloyfleet.kube.ApplicationStatus;
import io.alloyfleet.kube.ApplicationStatus.HealthCode;
import io.alloyfleet.kube.ApplicationStatus.SyncCode;
import io.alloyfleet.kube.ArgoApplications;
import io.alloyfleet.publish.Publisher;
import io.alloyfleet.publish.RenderedBranch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The gates of a rollout, per cluster: Argo CD's Application synced at a revision that holds the
 * cluster's rendered directory as the branch has it now, and Healthy (Degraded is unhealthy); then,
 * when set, the Prometheus query ({@link PrometheusQuery}: {@code {cluster}} is the cluster's
 * name).
 */
public final class ClusterGates implements Gates {

  private final ArgoApplications argo;
  private final Publisher publisher;
  private final PrometheusQuery prometheus;

  public ClusterGates(ArgoApplications argo, Publisher publisher) {
    this(argo, publisher, new PrometheusQuery());
  }

  public ClusterGates(ArgoApplications argo, Publisher publisher, PrometheusQuery prometheus) {
    this.argo = argo;
    this.publisher = publisher;
    this.prometheus = prometheus;
  }

  @Override
  public Map<String, Health> check(
      Rollout rollout, RenderedBranch branch, List<ClusterSpec> clusters) {
    Map<String, Health> health = new TreeMap<>();
    Optional<ArgoApplications.Applications> apps =
        rollout.argocd()
            ? Optional.of(argo.applications(publisher.destinationUrl()))
            : Optional.empty();
    for (ClusterSpec cluster : clusters) {
      Health verdict = apps.map(a -> argocd(a, branch, cluster.id())).orElse(Health.HEALTHY);
      if (verdict instanceof Health.Healthy && rollout.prometheus().isPresent()) {
        verdict = prometheus.check(rollout.prometheus().get(), cluster);
      }
      health.put(cluster.id(), verdict);
    }
    return health;
  }

  private Health argocd(ArgoApplications.Applications apps, RenderedBranch branch, String cluster) {
    if (!argo.enabled()) {
      return new Health.Waiting("Argo CD is not configured (alloy-fleet.argocd.enabled)");
    }
    Optional<ApplicationStatus> status = apps.status(cluster, branch.name());
    if (status.isEmpty()) {
      return new Health.Waiting("no Argo CD Application syncs it");
    }
    ApplicationStatus app = status.get();
    if (app.health().equals(Optional.of(HealthCode.DEGRADED))) {
      return new Health.Unhealthy("Argo CD reports it Degraded");
    }
    if (!app.sync().equals(Optional.of(SyncCode.SYNCED))
        || app.revision() == null
        || !publisher.holds(app.revision(), branch, cluster)) {
      return new Health.Waiting("Argo CD has not synced its rendered commit yet");
    }
    if (!app.health().equals(Optional.of(HealthCode.HEALTHY))) {
      return new Health.Waiting(
          "Argo CD reports it " + app.health().map(HealthCode::code).orElse("without health"));
    }
    return Health.HEALTHY;
  }
}
