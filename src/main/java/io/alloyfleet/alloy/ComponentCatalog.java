package io.alloyfleet.alloy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Alloy's component reference as data ({@code alloy/catalog.json}, Alloy {@value #ALLOY_VERSION}):
 * every component and config block, its arguments with their types and required flags, its blocks
 * at every depth, its exports, its stability and its "exactly one of" groups. Read once; immutable.
 */
public final class ComponentCatalog {

  static final String RESOURCE = "alloy/catalog.json";
  static final String CORRECTIONS = "alloy/catalog-corrections.json";

  /** The Alloy release the catalog describes; the default agent image is pinned to it. */
  public static final String ALLOY_VERSION = "v1.18.0";

  /** How far from generally available a component is, in the order Alloy's levels admit them. */
  public enum Stability {
    GENERALLY_AVAILABLE("generally-available"),
    PUBLIC_PREVIEW("public-preview"),
    EXPERIMENTAL("experimental");

    private final String flag;

    Stability(String flag) {
      this.flag = flag;
    }

    /** The value of Alloy's {@code --stability.level}. */
    public String flag() {
      return flag;
    }

    public static Optional<Stability> ofFlag(String flag) {
      for (Stability s : values()) {
        if (s.flag.equals(flag)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /** An argument: its type as Alloy names it ({@link AlloyType}), whether it is required. */
  public record Arg(AlloyType type, boolean required) {}

  /**
   * The shape of a component or block. An unchecked shape (a block whose page documents no
   * arguments, or one holding a config body) accepts whatever it holds.
   */
  public record Shape(
      Map<String, Arg> args,
      Map<String, Shape> blocks,
      Set<String> requiredBlocks,
      List<List<String>> oneOf,
      boolean checked) {
    static final Shape UNCHECKED = new Shape(Map.of(), Map.of(), Set.of(), List.of(), false);
  }

  /**
   * A component or config block: {@code exports} null when its page documents none, {@code
   * exportTypes} the type of each export its page names one for, {@code community} for community
   * components.
   */
  public record Component(
      String name,
      Stability stability,
      boolean community,
      boolean labelled,
      Set<String> exports,
      Map<String, AlloyType> exportTypes,
      Shape shape) {}

  private final Map<String, Component> components;
  private final Map<String, Component> configBlocks;

  private ComponentCatalog(Map<String, Component> components, Map<String, Component> configBlocks) {
    this.components = components;
    this.configBlocks = configBlocks;
  }

  /** Loaded on first use, after every other static field of the class. */
  private static final class Default {
    static final ComponentCatalog CATALOG = load();
  }

  public static ComponentCatalog get() {
    return Default.CATALOG;
  }

  public String alloyVersion() {
    return ALLOY_VERSION;
  }

  public Optional<Component> component(String name) {
    return Optional.ofNullable(components.get(name));
  }

  /** A top-level block that configures Alloy itself ({@code logging}, {@code foreach}, …). */
  public Optional<Component> configBlock(String name) {
    return Optional.ofNullable(configBlocks.get(name));
  }

  public Set<String> names() {
    return new TreeSet<>(components.keySet());
  }

  private static ComponentCatalog load() {
    try (InputStream in = ComponentCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      ObjectMapper json = new ObjectMapper();
      JsonNode root = json.readTree(in);
      try (InputStream fixes =
          ComponentCatalog.class.getClassLoader().getResourceAsStream(CORRECTIONS)) {
        JsonNode corrections = json.readTree(fixes);
        for (String section : List.of("components", "config_blocks")) {
          correct(
              (com.fasterxml.jackson.databind.node.ObjectNode) root.path(section),
              corrections.path(section));
        }
      }
      return new ComponentCatalog(read(root.path("components")), read(root.path("config_blocks")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Merges the corrections (what Alloy's code reads beyond its docs) into the catalog. */
  private static void correct(
      com.fasterxml.jackson.databind.node.ObjectNode section, JsonNode corrections) {
    corrections
        .fields()
        .forEachRemaining(
            fix -> {
              var spec = (com.fasterxml.jackson.databind.node.ObjectNode) section.get(fix.getKey());
              if (spec == null) {
                return;
              }
              merge(spec.withObject("arguments"), fix.getValue().path("arguments"));
              fix.getValue()
                  .path("export_types")
                  .fields()
                  .forEachRemaining(
                      t -> spec.withObject("export_types").set(t.getKey(), t.getValue()));
              var blocks = spec.withObject("blocks");
              fix.getValue()
                  .path("blocks")
                  .fields()
                  .forEachRemaining(
                      b -> {
                        var block = blocks.withObject(b.getKey());
                        if (!block.has("required")) {
                          block.put("required", false);
                        }
                        b.getValue()
                            .fields()
                            .forEachRemaining(
                                f -> {
                                  if (f.getKey().equals("arguments")) {
                                    merge(block.withObject("arguments"), f.getValue());
                                  } else {
                                    block.set(f.getKey(), f.getValue());
                                  }
                                });
                      });
              fix.getValue()
                  .path("aliases")
                  .fields()
                  .forEachRemaining(
                      alias -> {
                        String from = alias.getValue().asText();
                        List<String> paths = new ArrayList<>();
                        blocks.fieldNames().forEachRemaining(paths::add);
                        for (String path : paths) {
                          if (path.equals(from) || path.startsWith(from + " > ")) {
                            var copy = blocks.get(path).deepCopy();
                            if (path.equals(from)) {
                              ((com.fasterxml.jackson.databind.node.ObjectNode) copy)
                                  .put("required", false);
                            }
                            blocks.set(alias.getKey() + path.substring(from.length()), copy);
                          }
                        }
                      });
            });
  }

  /** Arguments of a correction over the catalog's: its fields replace, new ones are added. */
  private static void merge(
      com.fasterxml.jackson.databind.node.ObjectNode arguments, JsonNode corrections) {
    corrections
        .fields()
        .forEachRemaining(
            arg -> {
              var target = arguments.withObject(arg.getKey());
              if (!target.has("required")) {
                target.put("required", false);
              }
              arg.getValue().fields().forEachRemaining(f -> target.set(f.getKey(), f.getValue()));
            });
  }

  private static Map<String, Component> read(JsonNode all) {
    Map<String, Component> components = new HashMap<>();
    all.fields()
        .forEachRemaining(
            e -> {
              JsonNode spec = e.getValue();
              String stability = spec.path("stability").asText("generally_available");
              Set<String> exports = null;
              if (spec.path("exports").isArray()) {
                exports = new TreeSet<>();
                for (JsonNode export : spec.path("exports")) {
                  exports.add(export.asText());
                }
              }
              Map<String, AlloyType> exportTypes = new HashMap<>();
              spec.path("export_types")
                  .fields()
                  .forEachRemaining(
                      t -> exportTypes.put(t.getKey(), AlloyType.of(t.getValue().asText())));
              components.put(
                  e.getKey(),
                  new Component(
                      e.getKey(),
                      switch (stability) {
                        case "experimental" -> Stability.EXPERIMENTAL;
                        case "public_preview" -> Stability.PUBLIC_PREVIEW;
                        default -> Stability.GENERALLY_AVAILABLE;
                      },
                      stability.equals("community"),
                      !spec.path("label").isBoolean() || spec.path("label").asBoolean(),
                      exports == null ? null : Set.copyOf(exports),
                      Map.copyOf(exportTypes),
                      shape(spec)));
            });
    return Map.copyOf(components);
  }

  /**
   * The root's shape, with its blocks nested from their paths ({@code "endpoint > tls_config"}).
   */
  private static Shape shape(JsonNode spec) {
    Map<String, Builder> byPath = new LinkedHashMap<>();
    Builder root = new Builder(spec, true);
    byPath.put("", root);
    List<String> paths = new ArrayList<>();
    spec.path("blocks").fieldNames().forEachRemaining(paths::add);
    paths.sort((a, b) -> Integer.compare(depth(a), depth(b)));
    for (String path : paths) {
      JsonNode block = spec.path("blocks").path(path);
      int split = path.lastIndexOf(" > ");
      String parent = split < 0 ? "" : path.substring(0, split);
      String name = split < 0 ? path : path.substring(split + 3);
      Builder builder = new Builder(block, false);
      byPath.put(path, builder);
      Builder owner = byPath.get(parent);
      if (owner != null) {
        owner.blocks.put(name, builder);
        if (block.path("required").asBoolean(false)) {
          owner.required.add(name);
        }
      }
      if (block.path("same_blocks_as_root").asBoolean(false)) {
        builder.sameAsRoot = true;
      }
    }
    return root.build(root, new HashMap<>());
  }

  private static int depth(String path) {
    return path.split(" > ").length;
  }

  /** A shape being assembled from the catalog's flat block paths. */
  private static final class Builder {
    final Map<String, Arg> args = new LinkedHashMap<>();
    final Map<String, Builder> blocks = new LinkedHashMap<>();
    final Set<String> required = new TreeSet<>();
    final List<List<String>> oneOf = new ArrayList<>();
    final boolean documented;
    boolean sameAsRoot;

    Builder(JsonNode spec, boolean root) {
      spec.path("arguments")
          .fields()
          .forEachRemaining(
              a ->
                  args.put(
                      a.getKey(),
                      new Arg(
                          AlloyType.of(a.getValue().path("type").asText("any")),
                          a.getValue().path("required").asBoolean(false))));
      for (JsonNode group : spec.path("one_of")) {
        List<String> names = new ArrayList<>();
        group.forEach(n -> names.add(n.asText()));
        oneOf.add(List.copyOf(names));
      }
      this.documented = root || !args.isEmpty() || spec.path("blocks").size() > 0;
    }

    Shape build(Builder root, Map<Builder, Shape> built) {
      Shape done = built.get(this);
      if (done != null) {
        return done;
      }
      if (!documented && blocks.isEmpty() && !sameAsRoot) {
        return Shape.UNCHECKED;
      }
      Map<String, Shape> nested = new LinkedHashMap<>();
      Shape shape =
          new Shape(Map.copyOf(args), nested, Set.copyOf(required), List.copyOf(oneOf), true);
      built.put(this, shape);
      blocks.forEach((name, block) -> nested.put(name, block.build(root, built)));
      if (sameAsRoot && this != root) {
        root.blocks.forEach((name, block) -> nested.putIfAbsent(name, block.build(root, built)));
      }
      return shape;
    }
  }
}
