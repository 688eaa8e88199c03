package io.alloyfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    String resource = new String(ValuesSchema.class.getClassLoader().getResourceAsStream(ValuesSchema.RESOURCE).readAllBytes());
    assertThat(Files.readString(Path.of("gitops-example/schema/cluster-values.schema.json"))).isEqualTo(resource);
  }

  @Test
  void defaultsComeFromTheSchema() {
    assertThat(schema.defaults().at("agent.name").map(Node::plain)).contains("alloy-agent");
    assertThat(schema.defaults().at("metrics.infrastructure.scrapeInterval").map(Node::plain)).contains("60s");
    assertThat(schema.defaults().at("auth.tokenSecretRef")).isEmpty();
  }

  private void compare(JsonNode node, Class<?> type, String path, List<String> out) {
    JsonNode resolved = node.has("$ref") ? schema.json().at(node.get("$ref").asText().substring(1)) : node;
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
      JsonNode propertySchema = "array".equals(property.path("type").asText()) ? property.get("items") : property;
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
