package io.alloyfleet.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Alloy's components as data ({@code alloy/components.yaml}): every name, and for the described
 * ones their arguments, blocks and exports. Read once; immutable.
 */
public final class ComponentCatalog {

  static final String RESOURCE = "alloy/components.yaml";

  /** The shape of a block: null {@code args} means its contents are not checked. */
  public record Shape(
      Map<String, Boolean> args, Map<String, Shape> blocks, Set<String> requiredBlocks) {
    static final Shape UNCHECKED = new Shape(null, Map.of(), Set.of());

    boolean checked() {
      return args != null;
    }
  }

  /** A component: null {@code exports} means its exports are not known. */
  public record Component(String name, Set<String> exports, Shape shape) {}

  private final String alloyVersion;
  private final Map<String, Component> components;

  private ComponentCatalog(String alloyVersion, Map<String, Component> components) {
    this.alloyVersion = alloyVersion;
    this.components = components;
  }

  private static final ComponentCatalog DEFAULT = load();

  public static ComponentCatalog get() {
    return DEFAULT;
  }

  public String alloyVersion() {
    return alloyVersion;
  }

  public Optional<Component> component(String name) {
    return Optional.ofNullable(components.get(name));
  }

  public Set<String> names() {
    return new TreeSet<>(components.keySet());
  }

  @SuppressWarnings("unchecked")
  private static ComponentCatalog load() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(500);
    try (InputStream in = ComponentCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      Map<String, Object> root = new Yaml(options).load(in);
      Map<String, Component> components = new LinkedHashMap<>();
      ((Map<String, Object>) root.get("components"))
          .forEach(
              (name, spec) -> {
                Map<String, Object> map = spec == null ? Map.of() : (Map<String, Object>) spec;
                List<String> exports = (List<String>) map.get("exports");
                components.put(
                    name,
                    new Component(name, exports == null ? null : Set.copyOf(exports), shape(map)));
              });
      for (Object name : (List<Object>) root.get("names")) {
        components.putIfAbsent((String) name, new Component((String) name, null, Shape.UNCHECKED));
      }
      return new ComponentCatalog(String.valueOf(root.get("alloyVersion")), Map.copyOf(components));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Shape shape(Map<String, Object> spec) {
    if (spec == null || !spec.containsKey("args")) {
      return Shape.UNCHECKED;
    }
    Map<String, Boolean> args = new LinkedHashMap<>();
    for (Object arg : (List<Object>) spec.get("args")) {
      String text = (String) arg;
      args.put(text.replace("!", ""), text.endsWith("!"));
    }
    Map<String, Shape> blocks = new LinkedHashMap<>();
    Set<String> required = new TreeSet<>();
    Map<String, Object> blockSpecs = (Map<String, Object>) spec.getOrDefault("blocks", Map.of());
    blockSpecs.forEach(
        (name, block) -> {
          String plain = name.replace("!", "");
          if (name.endsWith("!")) {
            required.add(plain);
          }
          blocks.put(plain, shape((Map<String, Object>) block));
        });
    return new Shape(Map.copyOf(args), Map.copyOf(blocks), Set.copyOf(required));
  }
}
