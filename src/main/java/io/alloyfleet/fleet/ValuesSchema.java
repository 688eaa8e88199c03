package io.alloyfleet.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.fleet.Node.Entry;
import io.alloyfleet.fleet.Node.ListNode;
import io.alloyfleet.fleet.Node.MapNode;
import io.alloyfleet.fleet.Node.ScalarNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values format, read from the JSON Schema that editors use too
 * ({@code schema/cluster-values.schema.json}): one definition for completion in the editor,
 * defaults, and the structural checks here. Supports the subset the schema uses: type,
 * properties, additionalProperties, required, items, enum, minimum, maximum, format, default
 * and local $ref.
 */
public final class ValuesSchema {

  public static final String RESOURCE = "schema/cluster-values.schema.json";
  static final String DEFAULTS_FILE = "(defaults)";

  private final JsonNode root;
  private final MapNode defaults;

  private ValuesSchema(JsonNode root) {
    this.root = root;
    this.defaults = (MapNode) defaultsOf(root, Location.of(DEFAULTS_FILE)).orElseThrow();
  }

  public static ValuesSchema load() {
    try (InputStream in = ValuesSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new ValuesSchema(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public JsonNode json() {
    return root;
  }

  /** The bottom layer of every merge: each property's {@code default}. */
  public MapNode defaults() {
    return defaults;
  }

  /** Structural problems of merged values; {@code missingAt} locates required values nobody set. */
  public List<Problem> check(MapNode values, Location missingAt) {
    List<Problem> problems = new ArrayList<>();
    check(root, values, "", missingAt, problems);
    return problems;
  }

  private Optional<Node> defaultsOf(JsonNode schema, Location at) {
    schema = resolve(schema);
    if (schema.has("default")) {
      return Optional.of(toNode(schema.get("default"), at));
    }
    if (!"object".equals(schema.path("type").asText()) || !schema.has("properties")) {
      return Optional.empty();
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    schema.get("properties").properties().forEach(p ->
        defaultsOf(p.getValue(), at).ifPresent(n -> entries.put(p.getKey(), new Entry(at, n))));
    return entries.isEmpty() && schema != root ? Optional.empty() : Optional.of(new MapNode(at, entries));
  }

  private static Node toNode(JsonNode json, Location at) {
    if (json.isObject()) {
      Map<String, Entry> entries = new LinkedHashMap<>();
      json.properties().forEach(p -> entries.put(p.getKey(), new Entry(at, toNode(p.getValue(), at))));
      return new MapNode(at, entries);
    }
    if (json.isArray()) {
      List<Node> items = new ArrayList<>();
      json.forEach(i -> items.add(toNode(i, at)));
      return new ListNode(at, items);
    }
    if (json.isBoolean()) {
      return new ScalarNode(at, json.booleanValue());
    }
    if (json.isIntegralNumber()) {
      return new ScalarNode(at, json.longValue());
    }
    return new ScalarNode(at, json.isNull() ? null : json.asText());
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      schema = root.at(ref.substring(1));
    }
    return schema;
  }

  private void check(JsonNode schema, Node node, String path, Location missingAt, List<Problem> out) {
    schema = resolve(schema);
    String type = schema.path("type").asText();
    switch (type) {
      case "object" -> object(schema, node, path, missingAt, out);
      case "array" -> array(schema, node, path, missingAt, out);
      case "boolean" -> {
        if (!(node instanceof ScalarNode s && s.value() instanceof Boolean)) {
          out.add(Problem.of(node.location(), path, "expected true or false, got " + describe(node)));
        }
      }
      case "integer" -> integer(schema, node, path, out);
      case "string" -> string(schema, node, path, out);
      default -> throw new IllegalStateException("schema type " + type + " at " + path);
    }
  }

  private void object(JsonNode schema, Node node, String path, Location missingAt, List<Problem> out) {
    if (!(node instanceof MapNode map)) {
      out.add(Problem.of(node.location(), path, "expected a mapping (key: value), got " + describe(node)));
      return;
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    map.entries().forEach((key, entry) -> {
      String keyPath = path.isEmpty() ? key : path + "." + key;
      if (properties.has(key)) {
        check(properties.get(key), entry.value(), keyPath, missingAt, out);
      } else if (additional.isObject()) {
        check(additional, entry.value(), keyPath, missingAt, out);
      } else {
        List<String> known = new ArrayList<>();
        properties.fieldNames().forEachRemaining(known::add);
        String hint = Text.closest(key, known)
            .map(k -> "did you mean \"" + (path.isEmpty() ? k : path + "." + k) + "\"?")
            .orElse(known.isEmpty() ? null : "known keys here: " + String.join(", ", known));
        out.add(Problem.of(entry.keyLocation(), keyPath, "unknown key", hint));
      }
    });
    schema.path("required").forEach(r -> {
      String key = r.asText();
      if (map.get(key).isEmpty()) {
        Location at = map.location().file().equals(DEFAULTS_FILE) ? missingAt : map.location();
        out.add(Problem.of(at, path.isEmpty() ? key : path + "." + key, "missing required value"));
      }
    });
  }

  private void array(JsonNode schema, Node node, String path, Location missingAt, List<Problem> out) {
    if (!(node instanceof ListNode list)) {
      out.add(Problem.of(node.location(), path, "expected a list, got " + describe(node)));
      return;
    }
    for (int i = 0; i < list.items().size(); i++) {
      check(schema.path("items"), list.items().get(i), path + "[" + i + "]", missingAt, out);
    }
  }

  private void integer(JsonNode schema, Node node, String path, List<Problem> out) {
    if (!(node instanceof ScalarNode s && s.value() instanceof Long value)) {
      out.add(Problem.of(node.location(), path, "expected a whole number, got " + describe(node)));
      return;
    }
    if (schema.has("minimum") && value < schema.get("minimum").asLong()
        || schema.has("maximum") && value > schema.get("maximum").asLong()) {
      out.add(Problem.of(node.location(), path, value + " is out of range " + schema.path("minimum").asLong() + "–" + schema.path("maximum").asLong(Long.MAX_VALUE)));
    }
  }

  private void string(JsonNode schema, Node node, String path, List<Problem> out) {
    Optional<String> text = asString(node);
    if (text.isEmpty()) {
      out.add(Problem.of(node.location(), path, "expected a string, got " + describe(node)));
      return;
    }
    String value = text.get();
    if (schema.has("enum")) {
      List<String> allowed = new ArrayList<>();
      schema.get("enum").forEach(e -> allowed.add(e.asText()));
      if (!allowed.contains(value)) {
        out.add(Problem.of(node.location(), path, Text.quote(value) + " is not one of " + String.join(", ", allowed),
            Text.closest(value, allowed).map(c -> "did you mean \"" + c + "\"?").orElse(null)));
      }
    }
    if (schema.has("format")) {
      Formats.check(schema.get("format").asText(), value).ifPresent(m -> out.add(Problem.of(node.location(), path, m)));
    }
  }

  /** Strings, and numbers where a string is expected (a quantity of {@code 1}, a tenant id {@code 42}). */
  static Optional<String> asString(Node node) {
    if (node instanceof ScalarNode s) {
      return switch (s.value()) {
        case String str -> Optional.of(str);
        case Long l -> Optional.of(Long.toString(l));
        case Double d -> Optional.of(d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(d.longValue()) : Double.toString(d));
        case null, default -> Optional.empty();
      };
    }
    return Optional.empty();
  }

  private static String describe(Node node) {
    return switch (node) {
      case MapNode m -> "a mapping";
      case ListNode l -> "a list";
      case ScalarNode s when s.value() instanceof String str -> "the string " + Text.quote(str);
      case ScalarNode s -> String.valueOf(s.value());
    };
  }
}
