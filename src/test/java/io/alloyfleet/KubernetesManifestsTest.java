package io.alloyfleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.render.ManifestModelTest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests that deploy Alloy Fleet itself build with kubectl kustomize and are valid objects.
 */
class KubernetesManifestsTest {

  @ParameterizedTest
  @ValueSource(strings = {"payments-prod", "platform-prod", "ingest-prod", "edge-small"})
  void kustomizeAcceptsEachRenderedClusterDirectory(String cluster) throws Exception {
    String dir = "src/test/resources/golden/gitops-example/expected/production/" + cluster;
    Process kubectl =
        new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
    String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("kind: Deployment")
        .contains("kind: ConfigMap")
        .contains("config.alloy: |");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"kubernetes/base", "kubernetes/overlays/example", "kubernetes/overlays/signed"})
  void kustomizeBuildsValidObjects(String dir) throws Exception {
    Process kubectl =
        new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
    String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(output).isZero();
    List<HasMetadata> objects = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(output)) {
      KubernetesResource resource =
          Serialization.unmarshal(Serialization.asJson(doc), KubernetesResource.class);
      assertThat(resource).isInstanceOf(HasMetadata.class);
      if (!(resource instanceof GenericKubernetesResource)) {
        assertThat(ManifestModelTest.unknownFields(resource))
            .as(dir + " " + ((HasMetadata) resource).getKind())
            .isEmpty();
      }
      objects.add((HasMetadata) resource);
    }
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains(
            "Namespace",
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "Deployment",
            "Service",
            "ServiceMonitor",
            "PodDisruptionBudget",
            "NetworkPolicy");
    Deployment deployment =
        objects.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
        .isTrue();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(objects)
        .filteredOn(
            o ->
                o.getKind().equals("Role")
                    && o.getMetadata().getName().equals("alloy-fleet-argocd"))
        .singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("argocd"));
  }
}
