package io.alloyfleet.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Argo CD Applications against the Kubernetes test server: refresh requests and status read-back.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ArgoApplicationsTest.Connected.class)
class ArgoApplicationsTest {

  public static class Connected implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "alloy-fleet.argocd.enabled",
          "true",
          "alloy-fleet.argocd.cluster-label",
          "alloy-fleet.io/cluster");
    }
  }

  @KubernetesTestServer KubernetesServer server;

  @Inject ArgoApplications argo;

  static GenericKubernetesResource application(String name, String cluster) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("argoproj.io/v1alpha1")
        .withKind("Application")
        .withNewMetadata()
        .withName(name)
        .withNamespace("argocd")
        .addToLabels("alloy-fleet.io/cluster", cluster)
        .endMetadata()
        .addToAdditionalProperties(
            "spec",
            Map.of(
                "source",
                Map.of(
                    "repoURL",
                    "https://git.example.com/fleet.git",
                    "targetRevision",
                    "rendered/production",
                    "path",
                    cluster)))
        .addToAdditionalProperties(
            "status",
            Map.of(
                "sync", Map.of("status", "Synced", "revision", "abc1234"),
                "health", Map.of("status", "Healthy")))
        .build();
  }

  @Test
  void changedClustersApplicationsAreRefreshedAndTheirStatusIsReadBack() {
    KubernetesClient client = server.getClient();
    var apps =
        client.genericKubernetesResources(ArgoApplications.APPLICATION).inNamespace("argocd");
    apps.resource(application("alloy-payments-prod", "payments-prod")).create();
    apps.resource(application("alloy-edge-small", "edge-small")).create();

    argo.refresh(
        "https://git.example.com/fleet.git",
        "rendered/production",
        java.util.List.of("payments-prod"));

    assertThat(apps.withName("alloy-payments-prod").get().getMetadata().getAnnotations())
        .containsEntry("argocd.argoproj.io/refresh", "normal");
    assertThat(apps.withName("alloy-edge-small").get().getMetadata().getAnnotations())
        .doesNotContainKey("argocd.argoproj.io/refresh");
    ArgoApplications.Applications listed = argo.applications("https://git.example.com/fleet.git");
    var status = listed.status("payments-prod", "rendered/production").orElseThrow();
    assertThat(status.sync()).contains(ApplicationStatus.SyncCode.SYNCED);
    assertThat(status.revision()).isEqualTo("abc1234");
    assertThat(status.health()).contains(ApplicationStatus.HealthCode.HEALTHY);
    assertThat(listed.status("unknown", "rendered/production")).isEmpty();
  }

  @Test
  void codesArgoCdMayAddReadAsUnknownAndMissingOnesAsNone() {
    assertThat(ApplicationStatus.HealthCode.of("Suspended"))
        .contains(ApplicationStatus.HealthCode.SUSPENDED);
    assertThat(ApplicationStatus.HealthCode.of("Exploded"))
        .contains(ApplicationStatus.HealthCode.UNKNOWN);
    assertThat(ApplicationStatus.HealthCode.of(42)).contains(ApplicationStatus.HealthCode.UNKNOWN);
    assertThat(ApplicationStatus.HealthCode.of(null)).isEmpty();
    assertThat(ApplicationStatus.SyncCode.of("OutOfSync"))
        .contains(ApplicationStatus.SyncCode.OUT_OF_SYNC);
    assertThat(ApplicationStatus.SyncCode.of("Drifting"))
        .contains(ApplicationStatus.SyncCode.UNKNOWN);
    assertThat(ApplicationStatus.SyncCode.of(null)).isEmpty();
  }
}
