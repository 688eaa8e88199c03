package io.alloyfleet.fleet.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.Entry;
import io.alloyfleet.fleet.files.Node.ListNode;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.files.Node.ScalarNode;
import io.alloyfleet.text.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values format, read from the JSON Schema that editors use too ({@code
 * schema/cluster-values.schema.json}): one definition for completion in the editor, defaults, and
 * the structural checks here. Supports the subset the schema uses: type, properties,
 * additionalProperties, required, items, enum, minimum, maximum, format, default and local $ref.
 */
public final class ValuesSchema {

  public static final String RESOURCE = "schema/cluster-values.schema.json";
  public static final String DEFAULTS_FILE = "(defaults)";

  private final JsonNode root;
  private final MapNode defaults;

  private ValuesSchema(JsonNode root) {
    this.root = root;
    this.defaults = (MapNode) defaultsOf(root, Location.of(DEFAULTS_FILE)).orElseThrow();
  }

  private static volatile ValuesSchema standard;

  /** The schema shipped in the binary, read once. */
  public static ValuesSchema standard() {
    ValuesSchema loaded = standard;
    if (loaded == null) {
      loaded = load();
      standard = loaded;
    }
    return loaded;
  }

  /**
   * The default of a key path as a plain value (Boolean, Long, String, an empty List or Map), when
   * the schema gives one.
   */
  public Optional<Object> defaultAt(String path) {
    return defaults.at(path).map(Node::plain).map(ValuesSchema::immutable);
  }

  private static Object immutable(Object plain) {
    return switch (plain) {
      case List<?> list -> List.copyOf(list);
      case Map<?, ?> map -> Map.copyOf(map);
      default -> plain;
    };
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

  /**
   * Merged values checked against the schema: their problems, and the values without every value
   * that has one (so the cross-key rules and the binding see only well-formed values). {@code
   * missingAt} locates required values nobody set.
   */
  public record Checked(MapNode values, List<Problem> problems) {}

  public Checked check(MapNode values, Location missingAt) {
    List<Problem> problems = new ArrayList<>();
    Node kept =
        check(root, values, "", missingAt, problems)
            .orElseGet(() -> new MapNode(values.location(), Map.of()));
    return new Checked((MapNode) kept, problems);
  }

  /**
   * A subtree (a {@code policy} block) checked against one of the schema's {@code $defs}, reported
   * under {@code path}.
   */
  public Checked checkDefinition(String definition, MapNode value, String path) {
    List<Problem> problems = new ArrayList<>();
    Node kept =
        check(root.path("$defs").path(definition), value, path, value.location(), problems)
            .orElseGet(() -> new MapNode(value.location(), Map.of()));
    return new Checked((MapNode) kept, problems);
  }

  /** Whether a key path ({@code rbac.excludeResources}) names a value of the format. */
  /**
   * True for a key the schema marks {@code "x-secret": true} (e.g. {@code auth.token}): its value
   * is shown nowhere, only where it was set.
   */
  public boolean isSecret(String path) {
    // A secret key's whole subtree is secret: auth.token: {v: "…"} hides v too.
    JsonNode at = root;
    for (String key : KeyPath.of(path).keys()) {
      at = resolve(at).path("properties").path(key);
      if (at.isMissingNode()) {
        return false;
      }
      if (resolve(at).path("x-secret").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  public boolean knows(String path) {
    JsonNode at = root;
    for (String key : KeyPath.of(path).keys()) {
      JsonNode parent = resolve(at);
      at = parent.path("properties").path(key);
      if (at.isMissingNode() && parent.path("additionalProperties").isObject() && !key.isEmpty()) {
        at = parent.path("additionalProperties"); // a key of a map, e.g. cluster.labels.ring
      }
      if (at.isMissingNode()) {
        return false;
      }
    }
    return true;
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
    schema
        .get("properties")
        .properties()
        .forEach(
            p ->
                defaultsOf(p.getValue(), at)
                    .ifPresent(n -> entries.put(p.getKey(), new Entry(at, n))));
    return entries.isEmpty() && schema != root
        ? Optional.empty()
        : Optional.of(new MapNode(at, entries));
  }

  private static Node toNode(JsonNode json, Location at) {
    if (json.isObject()) {
      Map<String, Entry> entries = new LinkedHashMap<>();
      json.properties()
          .forEach(p -> entries.put(p.getKey(), new Entry(at, toNode(p.getValue(), at))));
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

  /** The node as it may be kept: empty when the node itself is refused. */
  private Optional<Node> check(
      JsonNode schema, Node node, String path, Location missingAt, List<Problem> out) {
    schema = resolve(schema);
    String type = schema.path("type").asText();
    int before = out.size();
    return switch (type) {
      case "object" -> object(schema, node, path, missingAt, out);
      case "array" -> array(schema, node, path, missingAt, out);
      case "boolean" -> {
        if (!(node instanceof ScalarNode s && s.value() instanceof Boolean)) {
          out.add(
              Problem.of(node.location(), path, "expected true or false, got " + describe(node)));
        }
        yield kept(node, out, before);
      }
      case "integer" -> {
        integer(schema, node, path, out);
        yield kept(node, out, before);
      }
      case "string" -> {
        string(schema, node, path, out);
        yield kept(node, out, before);
      }
      default -> throw new IllegalStateException("schema type " + type + " at " + path);
    };
  }

  private static Optional<Node> kept(Node node, List<Problem> out, int before) {
    return out.size() == before ? Optional.of(node) : Optional.empty();
  }

  private Optional<Node> object(
      JsonNode schema, Node node, String path, Location missingAt, List<Problem> out) {
    if (!(node instanceof MapNode map)) {
      out.add(
          Problem.of(
              node.location(), path, "expected a mapping (key: value), got " + describe(node)));
      return Optional.empty();
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    Map<String, Entry> kept = new LinkedHashMap<>();
    map.entries()
        .forEach(
            (key, entry) -> {
              String keyPath = path.isEmpty() ? key : path + "." + key;
              Optional<Node> value;
              if (properties.has(key)) {
                value = check(properties.get(key), entry.value(), keyPath, missingAt, out);
              } else if (additional.isObject()) {
                value = check(additional, entry.value(), keyPath, missingAt, out);
              } else {
                out.add(
                    Problem.of(
                        entry.keyLocation(),
                        keyPath,
                        "unknown key",
                        unknownKeyHint(key, path, properties)));
                value = Optional.empty();
              }
              value.ifPresent(v -> kept.put(key, new Entry(entry.keyLocation(), v)));
            });
    schema
        .path("required")
        .forEach(
            r -> {
              String key = r.asText();
              if (map.get(key).isEmpty()) {
                Location at =
                    map.location().file().equals(DEFAULTS_FILE) ? missingAt : map.location();
                out.add(
                    Problem.of(
                        at, path.isEmpty() ? key : path + "." + key, "missing required value"));
              }
            });
    return Optional.of(new MapNode(map.location(), kept));
  }

  /**
   * Did-you-mean for an unknown key. A key with a dot or a bracket is one key, not a path: {@code
   * metrics.enabled: false} is answered with the nesting it meant.
   */
  private static String unknownKeyHint(String key, String path, JsonNode properties) {
    List<String> known = new ArrayList<>();
    properties.fieldNames().forEachRemaining(known::add);
    String prefix = path.isEmpty() ? "" : path + ".";
    int split = indexOfAny(key, ".[");
    if (split > 0 && known.contains(key.substring(0, split))) {
      String head = key.substring(0, split);
      return key.charAt(split) == '['
          ? "a key is one name, not a path: "
              + prefix
              + head
              + " takes a list, one item per \"- \" line"
          : "a key is one name, not a path: did you mean "
              + prefix
              + head
              + ": {"
              + key.substring(split + 1)
              + ": …}?";
    }
    return Text.closest(key, known)
        .map(k -> "did you mean \"" + prefix + k + "\"?")
        .orElse(known.isEmpty() ? null : "known keys here: " + String.join(", ", known));
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** A list with a refused item is refused whole: half a list means something else. */
  private Optional<Node> array(
      JsonNode schema, Node node, String path, Location missingAt, List<Problem> out) {
    if (!(node instanceof ListNode list)) {
      out.add(Problem.of(node.location(), path, "expected a list, got " + describe(node)));
      return Optional.empty();
    }
    int before = out.size();
    for (int i = 0; i < list.items().size(); i++) {
      check(schema.path("items"), list.items().get(i), path + "[" + i + "]", missingAt, out);
    }
    return kept(node, out, before);
  }

  private void integer(JsonNode schema, Node node, String path, List<Problem> out) {
    if (!(node instanceof ScalarNode s && s.value() instanceof Long value)) {
      out.add(Problem.of(node.location(), path, "expected a whole number, got " + describe(node)));
      return;
    }
    if (schema.has("minimum") && value < schema.get("minimum").asLong()
        || schema.has("maximum") && value > schema.get("maximum").asLong()) {
      out.add(
          Problem.of(
              node.location(),
              path,
              value
                  + " is out of range "
                  + schema.path("minimum").asLong()
                  + "–"
                  + schema.path("maximum").asLong(Long.MAX_VALUE)));
    }
  }

  private void string(JsonNode schema, Node node, String path, List<Problem> out) {
    Optional<String> text = asString(node);
    if (text.isEmpty()) {
      String got = isSecret(path) && node instanceof ScalarNode ? "another value" : describe(node);
      out.add(Problem.of(node.location(), path, "expected a string, got " + got));
      return;
    }
    String value = text.get();
    if (schema.has("enum")) {
      List<String> allowed = new ArrayList<>();
      schema.get("enum").forEach(e -> allowed.add(e.asText()));
      if (!allowed.contains(value)) {
        out.add(
            Problem.of(
                node.location(),
                path,
                Text.quote(value) + " is not one of " + String.join(", ", allowed),
                Text.closest(value, allowed).map(c -> "did you mean \"" + c + "\"?").orElse(null)));
      }
    }
    if (schema.has("format")) {
      Formats.check(schema.get("format").asText(), value)
          .ifPresent(m -> out.add(Problem.of(node.location(), path, m)));
    }
  }

  /**
   * Strings, and numbers where a string is expected (a quantity of {@code 1}, a tenant id {@code
   * 42}).
   */
  public static Optional<String> asString(Node node) {
    if (node instanceof ScalarNode s) {
      return switch (s.value()) {
        case String str -> Optional.of(str);
        case Long l -> Optional.of(Long.toString(l));
        case Double d ->
            Optional.of(
                d == Math.rint(d) && !Double.isInfinite(d)
                    ? Long.toString(d.longValue())
                    : Double.toString(d));
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
