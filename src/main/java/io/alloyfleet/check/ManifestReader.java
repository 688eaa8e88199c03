package io.alloyfleet.check;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a rendered manifest file the way Kubernetes tooling will: its YAML documents, each one's
 * top-level keys and the few values that identify it (kind, name, namespace, and a ConfigMap's
 * data). Read as YAML events, without building objects: a fleet's manifests are read on every
 * render.
 */
final class ManifestReader {

  /** A path to a value whose text is kept, keys joined by a line break (no key holds one here). */
  static final String KIND = "kind";

  static final String NAME = "metadata\nname";
  static final String NAMESPACE = "metadata\nnamespace";
  static final String CONFIG_ALLOY = "data\nconfig.alloy";
  private static final Set<String> KEPT = Set.of(KIND, NAME, NAMESPACE, CONFIG_ALLOY);

  /** One YAML document of a manifest file. */
  record Document(
      int index, int line, boolean mapping, Set<String> keys, Map<String, String> values) {
    Optional<String> value(String path) {
      return Optional.ofNullable(values.get(path));
    }
  }

  /** The documents of a file, or the problem that kept it from being read as YAML. */
  sealed interface Result {
    record Read(List<Document> documents) implements Result {}

    record Unreadable(Problem problem) implements Result {}
  }

  /** A collection being read: a mapping remembers its current key and whether a key comes next. */
  private static final class Frame {
    final boolean mapping;
    final String path;
    String key;
    boolean atKey = true;

    Frame(boolean mapping, String path) {
      this.mapping = mapping;
      this.path = path;
    }

    String childPath() {
      String step = mapping ? String.valueOf(key) : "[]";
      return path.isEmpty() ? step : path + "\n" + step;
    }
  }

  private ManifestReader() {}

  static Result read(String file, String text) {
    List<Document> documents = new ArrayList<>();
    try {
      ParserImpl parser =
          new ParserImpl(new StreamReader(new StringReader(text)), new LoaderOptions());
      Deque<Frame> stack = new ArrayDeque<>();
      int line = 1;
      boolean mapping = false;
      Set<String> keys = new HashSet<>();
      Map<String, String> values = new HashMap<>();
      while (parser.peekEvent() != null) {
        Event event = parser.getEvent();
        switch (event) {
          case DocumentStartEvent start -> {
            line = start.getStartMark().getLine() + 1;
            mapping = false;
            keys = new HashSet<>();
            values = new HashMap<>();
            stack.clear();
          }
          case CollectionStartEvent start -> {
            if (stack.isEmpty()) {
              mapping = start instanceof MappingStartEvent;
              stack.push(new Frame(mapping, ""));
            } else {
              Frame parent = stack.peek();
              stack.push(
                  new Frame(
                      start instanceof MappingStartEvent,
                      parent.atKey && parent.mapping ? "?" : parent.childPath()));
            }
          }
          case CollectionEndEvent end -> {
            stack.pop();
            valueRead(stack);
          }
          case ScalarEvent scalar when !stack.isEmpty() -> {
            Frame top = stack.peek();
            if (top.mapping && top.atKey) {
              top.key = scalar.getValue();
              top.atKey = false;
              if (stack.size() == 1) {
                keys.add(top.key);
              }
            } else {
              String path = top.childPath();
              if (KEPT.contains(path)) {
                values.put(path, scalar.getValue());
              }
              valueRead(stack);
            }
          }
          case AliasEvent alias when !stack.isEmpty() -> {
            Frame top = stack.peek();
            if (top.mapping && top.atKey) {
              top.key = null;
              top.atKey = false;
            } else {
              valueRead(stack);
            }
          }
          case DocumentEndEvent end ->
              documents.add(new Document(documents.size() + 1, line, mapping, keys, values));
          default -> {}
        }
      }
      return new Result.Read(documents);
    } catch (MarkedYAMLException e) {
      Location at =
          new Location(file, e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1);
      return new Result.Unreadable(Problem.of(at, "", "not valid YAML: " + e.getProblem()));
    } catch (YAMLException e) {
      return new Result.Unreadable(
          Problem.of(
              Location.of(file),
              "",
              "not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
    }
  }

  /** A value was read in the collection on top: in a mapping, a key comes next. */
  private static void valueRead(Deque<Frame> stack) {
    if (!stack.isEmpty() && stack.peek().mapping) {
      stack.peek().atKey = true;
    }
  }
}
