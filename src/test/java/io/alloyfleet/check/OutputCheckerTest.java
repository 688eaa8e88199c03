package io.alloyfleet.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.fleet.values.ValuesSchema;
import io.alloyfleet.render.ManifestObject;
import io.alloyfleet.render.RenderedCluster;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The structural check of rendered manifests, the last gate before files leave. */
class OutputCheckerTest {

  @Test
  void everyDocumentMustBeAKubernetesObject() {
    ClusterSpec spec =
        new FleetLoader(ValuesSchema.load())
            .load(
                new MemoryFiles()
                    .with(
                        "fleet.yaml",
                        "endpoints:\n  otlp:\n    url: https://otlp.example.com:4317\n")
                    .with(
                        "clusters/c1/cluster.yaml",
                        "cluster:\n  environment: production\nmonitoring:\n  namespaces: [payments]\n"))
            .valid()
            .get(0);
    Map<String, String> files =
        Map.of(
            "config.alloy", "logging {\n  level = \"info\"\n}\n",
            "kustomization.yaml", "resources: [a.yaml]\n",
            "good.yaml",
                """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
            data:
              config.alloy: |
                logging {
                  level = "info"
                }
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: b
            """,
            "list.yaml", "- apiVersion: v1\n- kind: x\n",
            "nested.yaml",
                "apiVersion: v1\nmetadata:\n  kind: nested\n  labels: {kind: also-nested}\n",
            "second.yaml", "apiVersion: v1\nkind: A\nmetadata: {}\n---\nkind: B\nmetadata: {}\n",
            "broken.yaml", "apiVersion: [v1\n");
    TreeMap<String, List<ManifestObject>> planned =
        new TreeMap<>(
            Map.of(
                "good.yaml",
                    List.of(
                        new ManifestObject("ConfigMap", "a", ""),
                        new ManifestObject("Service", "b", "")),
                "nested.yaml", List.of(new ManifestObject("", "", "")),
                "second.yaml",
                    List.of(new ManifestObject("A", "", ""), new ManifestObject("B", "", ""))));
    RenderedCluster rendered =
        new RenderedCluster("c1", "production", new TreeMap<>(files), "hash", planned);

    assertThat(OutputChecker.check(spec, rendered))
        .extracting(Problem::format)
        .containsExactlyInAnyOrder(
            "(generated) production/c1/list.yaml:1:1: error: document 1 is not a Kubernetes object",
            "(generated) production/c1/nested.yaml:1:1: error: document 1 has no kind",
            "(generated) production/c1/second.yaml:4:1: error: document 2 has no apiVersion",
            "(generated) production/c1/broken.yaml:2:1: error: not valid YAML: expected ',' or ']', but got <stream end>");
  }

  private static ClusterSpec spec() {
    return new FleetLoader(ValuesSchema.load())
        .load(
            new MemoryFiles()
                .with("fleet.yaml", "endpoints:\n  otlp:\n    url: https://otlp.example.com:4317\n")
                .with(
                    "clusters/c1/cluster.yaml",
                    "cluster:\n  environment: production\nmonitoring:\n  namespaces: [payments]\n"))
        .valid()
        .get(0);
  }

  @Test
  void aManifestFileHoldsExactlyThePlannedObjects() {
    String config = "logging {\n  level = \"info\"\n}\n";
    String configMap =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: agent-config\n  namespace: monitoring\ndata:\n  config.alloy: |\n"
            + "    logging {\n      level = \"info\"\n    }\n";
    String smuggled =
        configMap
            + "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: team-admin\n";
    TreeMap<String, List<ManifestObject>> planned =
        new TreeMap<>(
            Map.of(
                "configmap.yaml",
                List.of(ManifestObject.namespaced("ConfigMap", "agent-config", "monitoring"))));

    RenderedCluster exact =
        new RenderedCluster(
            "c1",
            "production",
            new TreeMap<>(Map.of("config.alloy", config, "configmap.yaml", configMap)),
            "hash",
            planned);
    RenderedCluster extra =
        new RenderedCluster(
            "c1",
            "production",
            new TreeMap<>(Map.of("config.alloy", config, "configmap.yaml", smuggled)),
            "hash",
            planned);
    RenderedCluster changed =
        new RenderedCluster(
            "c1",
            "production",
            new TreeMap<>(
                Map.of(
                    "config.alloy", config.replace("info", "debug"), "configmap.yaml", configMap)),
            "hash",
            planned);

    assertThat(OutputChecker.check(spec(), exact)).isEmpty();
    assertThat(OutputChecker.check(spec(), extra))
        .extracting(Problem::format)
        .singleElement()
        .asString()
        .contains(
            "configmap.yaml:1:1: error: the file holds 2 object(s) (ConfigMap monitoring/agent-config, ClusterRoleBinding team-admin)")
        .contains("where Alloy Fleet rendered 1 object(s) (ConfigMap monitoring/agent-config)");
    assertThat(OutputChecker.check(spec(), changed))
        .extracting(Problem::message)
        .containsExactly("the ConfigMap's config.alloy is not the config.alloy that was checked");
  }
}
