package io.alloyfleet.fleet.files;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.Node.Entry;
import io.alloyfleet.fleet.files.Node.ListNode;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.files.Node.ScalarNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one values file into a located {@link Node} tree, refusing what must not be expanded: files
 * over {@link #MAX_BYTES}, alias bombs, deep nesting, duplicate keys, several documents.
 */
public final class YamlReader {

  /** Largest values file accepted (a cluster.yaml is a few KB; a customConfig a few more). */
  public static final int MAX_BYTES = 256 * 1024;

  private static final int MAX_NODES = 20_000;
  private static final int MAX_ALIASES = 20;
  private static final int MAX_DEPTH = 40;

  /** The tree of a file, or the problems that keep it from being read. */
  public sealed interface Result {
    record Read(Node root) implements Result {}

    record Unreadable(Problem problem) implements Result {}
  }

  /** YAML 1.1's implicit types; read-only once built, so shared. */
  private static final Resolver RESOLVER = new Resolver();

  private YamlReader() {}

  public static Result read(String file, String text) {
    if (text.length() > MAX_BYTES) {
      return unreadable(
          Location.of(file),
          "file is larger than " + MAX_BYTES / 1024 + " KiB",
          "values files hold settings; move large Alloy text into clusters/<id>/*.alloy files");
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    options.setProcessComments(false);
    try {
      // The composer alone: a Yaml facade builds constructors and representers on each use.
      Composer documents =
          new Composer(
              new ParserImpl(new StreamReader(new StringReader(text)), options), RESOLVER, options);
      List<org.yaml.snakeyaml.nodes.Node> roots = new ArrayList<>();
      while (documents.checkNode()) {
        roots.add(documents.getNode());
      }
      if (roots.size() > 1) {
        return unreadable(
            location(file, roots.get(1).getStartMark()),
            "a values file holds one YAML document, found " + roots.size(),
            null);
      }
      if (roots.isEmpty()) {
        return new Result.Read(new MapNode(Location.of(file), Map.of()));
      }
      Converter converter = new Converter(file, text.split("\n", -1));
      Node root = converter.convert(roots.get(0), 0);
      if (root instanceof ScalarNode scalar && scalar.isNull()) {
        return new Result.Read(new MapNode(Location.of(file), Map.of()));
      }
      if (!(root instanceof MapNode)) {
        return unreadable(
            root.location(), "the top level of a values file must be a mapping (key: value)", null);
      }
      return new Result.Read(root);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String message = e.getProblem() != null ? e.getProblem() : e.getMessage();
      return unreadable(
          mark == null ? Location.of(file) : location(file, mark),
          "YAML syntax: " + message.strip(),
          null);
    } catch (Refused e) {
      return new Result.Unreadable(e.problem);
    } catch (YAMLException e) {
      String message =
          String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable").strip();
      return unreadable(
          Location.of(file),
          "YAML refused: " + message,
          message.toLowerCase().contains("alias")
              ? "aliases and anchors are limited to " + MAX_ALIASES + " per file"
              : null);
    }
  }

  private static Result unreadable(Location location, String message, String hint) {
    return new Result.Unreadable(Problem.of(location, "", message, hint));
  }

  static Location location(String file, Mark mark) {
    return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** Thrown inside the converter to stop at the first structural refusal. */
  private static final class Refused extends RuntimeException {
    final Problem problem;

    Refused(Problem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }
  }

  private static final class Converter {
    private final String file;
    private final String[] lines;
    private int nodes;

    Converter(String file, String[] lines) {
      this.file = file;
      this.lines = lines;
    }

    Node convert(org.yaml.snakeyaml.nodes.Node node, int depth) {
      Location at = location(file, node.getStartMark());
      if (++nodes > MAX_NODES) {
        throw new Refused(
            Problem.of(
                at,
                "",
                "the file expands to more than " + MAX_NODES + " values",
                "anchors and aliases must not multiply content"));
      }
      if (depth > MAX_DEPTH) {
        throw new Refused(Problem.of(at, "", "values nest deeper than " + MAX_DEPTH + " levels"));
      }
      return switch (node) {
        case MappingNode map -> mapping(map, at, depth);
        case SequenceNode seq -> {
          List<Node> items = new ArrayList<>();
          seq.getValue().forEach(item -> items.add(convert(item, depth + 1)));
          yield new ListNode(at, items);
        }
        case org.yaml.snakeyaml.nodes.ScalarNode scalar ->
            new ScalarNode(contentStart(scalar, at), scalar(scalar, at));
        default -> throw new Refused(Problem.of(at, "", "unsupported YAML node"));
      };
    }

    /**
     * A block scalar's text starts on the line after its {@code |} or {@code >}, past the
     * indentation.
     */
    private Location contentStart(org.yaml.snakeyaml.nodes.ScalarNode scalar, Location at) {
      return switch (scalar.getScalarStyle()) {
        case LITERAL, FOLDED -> {
          String first = at.line() < lines.length ? lines[at.line()] : "";
          int indent = first.length() - first.stripLeading().length();
          yield new Location(at.file(), at.line() + 1, indent + 1);
        }
        default -> at;
      };
    }

    private MapNode mapping(MappingNode map, Location at, int depth) {
      map.setMerged(false);
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        org.yaml.snakeyaml.nodes.Node keyNode = tuple.getKeyNode();
        Location keyAt = location(file, keyNode.getStartMark());
        if (!(keyNode instanceof org.yaml.snakeyaml.nodes.ScalarNode key)
            || key.getTag().equals(Tag.MERGE)) {
          throw new Refused(
              Problem.of(
                  keyAt,
                  "",
                  "keys must be plain strings",
                  "merge keys (<<) and complex keys are not supported"));
        }
        String name = key.getValue();
        if (entries.containsKey(name)) {
          throw new Refused(
              Problem.of(
                  keyAt,
                  name,
                  "duplicate key",
                  "the first one is at line " + entries.get(name).keyLocation().line()));
        }
        entries.put(name, new Entry(keyAt, convert(tuple.getValueNode(), depth + 1)));
      }
      return new MapNode(at, entries);
    }

    private Object scalar(org.yaml.snakeyaml.nodes.ScalarNode scalar, Location at) {
      Tag tag = scalar.getTag();
      String text = scalar.getValue();
      if (tag.equals(Tag.NULL)) {
        return null;
      }
      if (tag.equals(Tag.BOOL)) {
        return Boolean.parseBoolean(text)
            || text.equalsIgnoreCase("yes")
            || text.equalsIgnoreCase("on")
            || text.equalsIgnoreCase("y");
      }
      if (tag.equals(Tag.INT)) {
        try {
          return new BigInteger(text.replace("_", "")).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
          return text;
        }
      }
      if (tag.equals(Tag.FLOAT)) {
        try {
          return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
          return text;
        }
      }
      if (tag.equals(Tag.STR)) {
        return text;
      }
      throw new Refused(Problem.of(at, "", "unsupported YAML tag " + tag.getValue()));
    }
  }
}
