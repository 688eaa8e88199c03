package io.alloyfleet.fleet.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The values reference names every key of the schema. */
class ValuesDocTest {

  @Test
  void everySchemaKeyIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("docs/values.md"));
    ValuesSchema schema = ValuesSchema.load();
    List<String> keys = new ArrayList<>();
    collect(schema.json(), schema.json(), "", keys);
    assertThat(keys).hasSizeGreaterThan(80);
    assertThat(keys).allSatisfy(key -> assertThat(doc).contains("| `" + key + "` |"));
  }

  private static void collect(JsonNode root, JsonNode node, String prefix, List<String> out) {
    if (node.has("$ref")) {
      node = root.at(node.get("$ref").asText().substring(1));
    }
    if (node.has("properties")) {
      for (var it = node.get("properties").properties().iterator(); it.hasNext(); ) {
        var p = it.next();
        out.add(prefix + p.getKey());
        collect(root, p.getValue(), prefix + p.getKey() + ".", out);
      }
    }
    if ("array".equals(node.path("type").asText()) && node.has("items")) {
      collect(root, node.get("items"), prefix.substring(0, prefix.length() - 1) + "[].", out);
    }
  }
}
