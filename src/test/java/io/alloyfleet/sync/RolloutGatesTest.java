package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.kube.ArgoApplications;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.rollout.ClusterGates;
import io.alloyfleet.rollout.RealPrometheus;
import io.alloyfleet.rollout.RolloutState;
import io.alloyfleet.rollout.RolloutStatus;
import io.alloyfleet.source.FleetSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout's real gates: Argo CD Applications on the Kubernetes test server (their status written
 * here, as Argo CD would) and a real Prometheus scraping one target per cluster, labelled with the
 * cluster's name: the canary {@code clusters/payments-prod/} is named {@code payments-eu-1}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(RolloutGatesTest.ArgoConnected.class)
class RolloutGatesTest {

  public static class ArgoConnected implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "alloy-fleet.argocd.enabled", "true",
          "alloy-fleet.argocd.cluster-label", "alloy-fleet.io/cluster");
    }
  }

  @KubernetesTestServer KubernetesServer server;
  @Inject ArgoApplications argo;
  @Inject RenderPipeline pipeline;
  @TempDir Path dir;
  @TempDir static Path prometheusDir;
  static RealPrometheus prometheus;

  FleetRepo origin;
  Repository cache;
  BranchPublisher publisher;

  @BeforeAll
  static void startPrometheus() throws Exception {
    prometheus = RealPrometheus.start(prometheusDir, List.of("payments-eu-1"));
  }

  @AfterAll
  static void stopPrometheus() {
    prometheus.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    origin = FleetRepo.seeded(dir, Path.of("gitops-example")).withoutRollout();
    cache = FleetRepo.emptyCache(dir);
    origin.write(
        "fleet.yaml",
        Files.readString(origin.work.resolve("fleet.yaml"))
            + """
            rollout:
              waves:
                - name: canary
                  selector: {ring: canary}
                - name: rest
              soak: 0s
              gates:
                argocd: true
                prometheus:
                  url: PROMETHEUS
                  query: 'up{job="alloy-agent", cluster="{cluster}"}'
            """
                .replace("PROMETHEUS", prometheus.url().toString()));
    origin.edit(
        "clusters/payments-prod/cluster.yaml",
        "labels: {region: westeurope}",
        "labels: {region: westeurope, ring: canary}");
    origin.edit(
        "clusters/payments-prod/cluster.yaml",
        "  environment: production",
        "  name: payments-eu-1\n  environment: production");
    origin.edit(
        "clusters/edge-small/cluster.yaml",
        "labels: {region: westeurope, tier: small, ring: canary}",
        "labels: {region: westeurope, tier: small}");
    origin.commit("Roll out in waves");
  }

  @AfterEach
  void tearDown() {
    server
        .getClient()
        .genericKubernetesResources(ArgoApplications.APPLICATION)
        .inNamespace("argocd")
        .delete();
    origin.close();
    cache.close();
  }

  Sync controller() {
    RemoteAccess remote = RemoteAccess.anonymous(origin.url(), dir.resolve("ssh"));
    publisher = new BranchPublisher(cache, remote, "rendered/{environment}", origin.url());
    return new Sync(
        new FleetSource(cache, remote, "main", ""),
        publisher,
        pipeline,
        Duration.ofMillis(5),
        new ClusterGates(argo, publisher),
        Clock.systemUTC());
  }

  /** The Application of a cluster, as Argo CD reports it. */
  void application(String cluster, String revision, String health) {
    server
        .getClient()
        .genericKubernetesResources(ArgoApplications.APPLICATION)
        .inNamespace("argocd")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Application")
                .withNewMetadata()
                .withName("alloy-" + cluster)
                .withNamespace("argocd")
                .addToLabels("alloy-fleet.io/cluster", cluster)
                .endMetadata()
                .addToAdditionalProperties(
                    "status",
                    Map.of(
                        "sync", Map.of("status", "Synced", "revision", revision),
                        "health", Map.of("status", health)))
                .build())
        .createOr(r -> r.update());
  }

  /** The canary's target is up (Prometheus answers 1 for it) or its scrapes fail (0). */
  void prometheusAnswers(String value) {
    if (value.equals("1")) {
      prometheus.set("payments-eu-1", "1");
    } else {
      prometheus.down("payments-eu-1");
    }
  }

  /** A canary that took the change, and its rendered commit. */
  Sync canaryTookTheChange() throws Exception {
    Sync sync = controller();
    assertThat(sync.run()).isInstanceOf(SyncOutcome.Synced.class);
    String fleet = Files.readString(origin.work.resolve("fleet.yaml"));
    origin.write("fleet.yaml", fleet.replaceFirst("scrapeInterval: 30s", "scrapeInterval: 45s"));
    origin.commit("Scrape every 45s");
    assertThat(sync.run()).isInstanceOf(SyncOutcome.Synced.class);
    assertThat(status(sync).wave().name()).isEqualTo("canary");
    return sync;
  }

  static RolloutStatus status(Sync sync) {
    return sync.rollouts().last().statuses().get("production");
  }

  @Test
  void aWaveGoesOnOnlyOnceArgoCdSyncedItAndPrometheusSaysItIsUp() throws Exception {
    Sync sync = canaryTookTheChange();
    prometheusAnswers("1");
    sync.run();
    assertThat(status(sync).reason()).contains("no Argo CD Application syncs it");

    String before = origin.tip("rendered/production").name();
    application("payments-prod", origin.log("rendered/production").get(1).name(), "Healthy");
    sync.run();
    assertThat(status(sync).reason())
        .as("synced at an older commit: not yet")
        .contains("has not synced its rendered commit");

    application("payments-prod", before, "Progressing");
    sync.run();
    assertThat(status(sync).reason()).contains("Progressing");

    application("payments-prod", before, "Healthy");
    sync.run();
    assertThat(status(sync).wave().name())
        .as("up{cluster=\"payments-eu-1\"} is 1: the gate asked about the canary's name")
        .isEqualTo("rest");
  }

  @Test
  void aZeroFromPrometheusHaltsTheRollout() throws Exception {
    Sync sync = canaryTookTheChange();
    prometheusAnswers("0");
    try {
      application("payments-prod", origin.tip("rendered/production").name(), "Healthy");
      sync.run();
      assertThat(status(sync).state()).isEqualTo(RolloutState.HALTED);
      assertThat(status(sync).unhealthy())
          .containsExactly(
              new RolloutStatus.Unhealthy(
                  "payments-prod", "Prometheus: a sample of the query is 0"));
    } finally {
      prometheusAnswers("1");
    }
  }

  @Test
  void aDegradedApplicationHaltsTheRollout() throws Exception {
    Sync sync = canaryTookTheChange();
    application("payments-prod", origin.tip("rendered/production").name(), "Degraded");
    double queries = prometheus.queriesAnswered();
    sync.run();
    assertThat(status(sync).state()).isEqualTo(RolloutState.HALTED);
    assertThat(status(sync).reason()).contains("Degraded");
    assertThat(prometheus.queriesAnswered()).as("Prometheus was not asked").isEqualTo(queries);
  }
}
