package io.alloyfleet.fleet.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.fleet.files.Node;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The JSON Schema editors use and the Java model must describe the same keys. */
class SchemaModelTest {

  private final ValuesSchema schema = ValuesSchema.load();

  @Test
  void schemaAndModelHaveTheSameKeysAtEveryLevel() {
    List<String> differences = new ArrayList<>();
    compare(schema.json(), ClusterValues.class, "", differences);
    assertThat(differences).isEmpty();
  }

  @Test
  void theExampleShipsTheSameSchemaAsTheBinary() throws Exception {
    String resource =
        new String(
            ValuesSchema.class
                .getClassLoader()
                .getResourceAsStream(ValuesSchema.RESOURCE)
                .readAllBytes());
    assertThat(Files.readString(Path.of("gitops-example/schema/cluster-values.schema.json")))
        .isEqualTo(resource);
  }

  @Test
  void defaultsComeFromTheSchema() {
    assertThat(schema.defaults().at("agent.name").map(Node::plain)).contains("alloy-agent");
    assertThat(schema.defaults().at("metrics.infrastructure.scrapeInterval").map(Node::plain))
        .contains("60s");
    assertThat(schema.defaults().at("auth.tokenSecretRef")).isEmpty();
  }

  /**
   * Keys whose {@code null} removes the value instead of resetting it to its default: an absent
   * request, limit or CPU target means "none", which the checks rely on.
   */
  static final Set<String> REMOVABLE =
      Set.of(
          "deployment.resources.requests.cpu",
          "deployment.resources.requests.memory",
          "deployment.resources.limits.cpu",
          "deployment.resources.limits.memory",
          "hpa.targetCPUUtilizationPercentage");

  /** Keys the schema requires (and gives a default): a layer may not remove them. */
  static final Set<String> REQUIRED =
      Set.of("agent.name", "agent.namespace", "endpoints.otlp.protocol");

  @Test
  void aKeyNulledInAClusterFallsBackToTheSchemasDefaultEveryOne() {
    FleetLoader loader = new FleetLoader(schema);
    ObjectMapper json = new ObjectMapper();
    List<String> leaves = new ArrayList<>();
    leaves(schema.defaults(), "", leaves);
    assertThat(leaves)
        .hasSizeGreaterThan(30)
        .contains("deployment.image", "serviceAccount.create", "hpa.maxReplicas");
    List<String> wrong = new ArrayList<>();
    for (String path : leaves) {
      Fleet fleet =
          loader.load(
              new MemoryFiles()
                  .with(
                      "fleet.yaml",
                      "endpoints:\n  otlp:\n    url: https://otlp.example.com:4317\nrbac:\n  scope: cluster\nmonitoring:\n  namespaces: [apps]\n")
                  .with(
                      "clusters/c/cluster.yaml",
                      "cluster:\n  environment: production\n"
                          + (path.startsWith("cluster.")
                              ? nulled(path.substring("cluster.".length())).indent(2)
                              : nulled(path))));
      if (REQUIRED.contains(path)) {
        // A required key cannot be removed: null is a located problem, not a silent default.
        if (!fleet.valid().isEmpty()
            || !fleet
                .invalid()
                .get(0)
                .problems()
                .get(0)
                .message()
                .equals("missing required value")) {
          wrong.add(path + ": required, yet null was accepted");
        }
        continue;
      }
      if (fleet.valid().isEmpty()) {
        wrong.add(path + ": nulled, the cluster is invalid: " + fleet.invalid().get(0).problems());
        continue;
      }
      ClusterValues values = fleet.valid().get(0).values();
      JsonNode bound = json.valueToTree(values).at("/" + path.replace('.', '/'));
      Object expected = schema.defaultAt(path).orElseThrow();
      if (REMOVABLE.contains(path)) {
        if (!bound.isMissingNode() && !bound.isNull()) {
          wrong.add(path + ": null must remove it, bound " + bound);
        }
      } else if (!json.valueToTree(expected).equals(bound)) {
        wrong.add(path + ": schema default " + expected + ", bound " + bound);
      }
    }
    assertThat(wrong).isEmpty();
  }

  private static void leaves(Node node, String path, List<String> out) {
    if (node instanceof Node.MapNode map && !map.entries().isEmpty()) {
      map.entries()
          .forEach(
              (key, entry) -> leaves(entry.value(), path.isEmpty() ? key : path + "." + key, out));
    } else if (!path.isEmpty()) {
      out.add(path);
    }
  }

  /** {@code a.b.c} as YAML setting c to null: {@code a:\n b:\n c: null}. */
  private static String nulled(String path) {
    String[] keys = path.split("\\.");
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < keys.length; i++) {
      yaml.append("  ".repeat(i)).append(keys[i]).append(i == keys.length - 1 ? ": null\n" : ":\n");
    }
    return yaml.toString();
  }

  private void compare(JsonNode node, Class<?> type, String path, List<String> out) {
    JsonNode resolved =
        node.has("$ref") ? schema.json().at(node.get("$ref").asText().substring(1)) : node;
    if (!"object".equals(resolved.path("type").asText()) || !resolved.has("properties")) {
      return;
    }
    TreeSet<String> schemaKeys = new TreeSet<>();
    resolved.get("properties").fieldNames().forEachRemaining(schemaKeys::add);
    TreeSet<String> modelKeys = new TreeSet<>();
    for (RecordComponent c : type.getRecordComponents()) {
      modelKeys.add(c.getName());
    }
    if (!schemaKeys.equals(modelKeys)) {
      out.add(path + ": schema " + schemaKeys + " vs model " + modelKeys);
      return;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      JsonNode property = resolved.get("properties").get(c.getName());
      Class<?> target = elementType(c.getGenericType());
      JsonNode propertySchema =
          "array".equals(property.path("type").asText()) ? property.get("items") : property;
      if (target.isRecord()) {
        compare(propertySchema, target, path + c.getName() + ".", out);
      }
    }
  }

  private static Class<?> elementType(Type type) {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      return (Class<?>) p.getActualTypeArguments()[0];
    }
    if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
      return Map.class;
    }
    return (Class<?>) type;
  }
}
