package io.alloyfleet.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The kustomize base gives the controller what its Events need, and nothing more. */
class EventsManifestsTest {

  static List<HasMetadata> base() throws Exception {
    Process kubectl =
        new ProcessBuilder("kubectl", "kustomize", "kubernetes/base")
            .redirectErrorStream(true)
            .start();
    String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(output).isZero();
    List<HasMetadata> objects = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(output)) {
      objects.add(
          (HasMetadata)
              Serialization.unmarshal(Serialization.asJson(doc), KubernetesResource.class));
    }
    return objects;
  }

  @Test
  void eventsMayOnlyBeCreatedAndPatchedInTheControllersNamespace() throws Exception {
    List<HasMetadata> objects = base();
    List<PolicyRule> onEvents =
        objects.stream()
            .filter(Role.class::isInstance)
            .map(Role.class::cast)
            .flatMap(r -> r.getRules().stream().map(rule -> Map.entry(r, rule)))
            .filter(e -> e.getValue().getResources().contains("events"))
            .peek(e -> assertThat(e.getKey().getMetadata().getNamespace()).isEqualTo("alloy-fleet"))
            .map(Map.Entry::getValue)
            .toList();
    assertThat(onEvents).hasSize(1);
    assertThat(onEvents.get(0).getApiGroups()).containsExactly("events.k8s.io");
    assertThat(onEvents.get(0).getResources()).containsExactly("events");
    assertThat(onEvents.get(0).getVerbs()).containsExactly("create", "patch");
  }

  @Test
  void thePodKnowsItsNameNamespaceAndUidFromTheDownwardApi() throws Exception {
    Deployment deployment =
        base().stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    Map<String, String> fields =
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
            .collect(
                Collectors.toMap(
                    EnvVar::getName,
                    e -> e.getValueFrom().getFieldRef().getFieldPath(),
                    (a, b) -> a));
    assertThat(fields)
        .containsEntry("POD_NAMESPACE", "metadata.namespace")
        .containsEntry("POD_NAME", "metadata.name")
        .containsEntry("POD_UID", "metadata.uid");
  }
}
