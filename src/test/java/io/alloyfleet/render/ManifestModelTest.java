package io.alloyfleet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every rendered manifest is a valid Kubernetes object: parsed into fabric8's model classes with no
 * field the model does not know (fabric8 keeps unknown fields aside instead of failing, so the test
 * looks for them everywhere in the object).
 */
public class ManifestModelTest {

  @Test
  void everyGoldenManifestParsesIntoTheKubernetesModelWithNoUnknownField() throws Exception {
    int objects = 0;
    for (GoldenRenderTest.Case c : GoldenRenderTest.cases()) {
      SortedMap<String, String> files = GoldenRenderTest.read(c.expected());
      assertThat(files).as("golden files of " + c.name()).isNotEmpty();
      for (var file : files.entrySet()) {
        if (!file.getKey().endsWith(".yaml") || file.getKey().endsWith("kustomization.yaml")) {
          continue;
        }
        for (Object doc : new Yaml().loadAll(file.getValue())) {
          String json = Serialization.asJson(doc);
          KubernetesResource resource = Serialization.unmarshal(json, KubernetesResource.class);
          String where = c.name() + ": " + file.getKey();
          assertThat(resource).as(where).isInstanceOf(HasMetadata.class);
          if (!(resource instanceof GenericKubernetesResource)) {
            assertThat(unknownFields(resource)).as(where).isEmpty();
            assertThat(Serialization.asJson(resource)).as("round trip of " + where).isNotBlank();
          } else {
            assertThat(((GenericKubernetesResource) resource).getKind())
                .as(where)
                .isEqualTo("PrometheusRule");
          }
          objects++;
        }
      }
    }
    assertThat(objects).isGreaterThan(50);
  }

  @Test
  void everyClusterDirectoryListsItsManifestsInItsKustomization() throws Exception {
    for (GoldenRenderTest.Case c : GoldenRenderTest.cases()) {
      SortedMap<String, String> files = GoldenRenderTest.read(c.expected());
      files.forEach(
          (path, text) -> {
            if (path.endsWith("/kustomization.yaml")) {
              String dir = path.substring(0, path.lastIndexOf('/') + 1);
              Map<String, Object> kustomization = new Yaml().load(text);
              @SuppressWarnings("unchecked")
              List<String> resources = (List<String>) kustomization.get("resources");
              List<String> manifests =
                  files.keySet().stream()
                      .filter(
                          p ->
                              p.startsWith(dir)
                                  && p.endsWith(".yaml")
                                  && !p.endsWith("kustomization.yaml")
                                  && p.indexOf('/', dir.length()) < 0)
                      .map(p -> p.substring(dir.length()))
                      .toList();
              assertThat(resources).as(path).containsExactlyInAnyOrderElementsOf(manifests);
            }
          });
    }
  }

  @Test
  void aMisspelledFieldIsCaught() throws Exception {
    String json =
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"replicaz\":2}}";
    KubernetesResource resource = Serialization.unmarshal(json, KubernetesResource.class);
    assertThat(unknownFields(resource)).singleElement().asString().contains("replicaz");
  }

  /** Paths of fields fabric8 did not recognise, anywhere in the object graph. */
  public static List<String> unknownFields(Object root) throws Exception {
    List<String> unknown = new ArrayList<>();
    walk(root, "", unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    return unknown;
  }

  private static void walk(Object node, String path, List<String> unknown, Set<Object> seen)
      throws Exception {
    if (node == null || !seen.add(node)) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (var e : map.entrySet()) {
        walk(e.getValue(), path + "." + e.getKey(), unknown, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : node.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = m.invoke(node);
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + " " + extra.keySet());
        }
        continue;
      }
      walk(value, path + "." + m.getName().substring(3), unknown, seen);
    }
  }
}
