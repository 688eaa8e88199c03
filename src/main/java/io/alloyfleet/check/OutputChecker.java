package io.alloyfleet.check;

import io.alloyfleet.fleet.AlloySource;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.Location;
import io.alloyfleet.fleet.Problem;
import io.alloyfleet.render.ClusterRenderer;
import io.alloyfleet.render.RenderedCluster;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * The last gate before rendered files leave: config.alloy must parse as Alloy, and every
 * manifest must be well-formed Kubernetes YAML. Errors in the user's Alloy text are reported at
 * the line of the file the user wrote it in.
 */
public final class OutputChecker {

  /** The comment that opens each piece of user Alloy text in config.alloy; see config.alloy. */
  public static final String SOURCE_MARKER = "// ---- From ";

  private OutputChecker() {}

  public static List<Problem> check(ClusterSpec spec, RenderedCluster rendered) {
    List<Problem> problems = new ArrayList<>();
    String generated = "(generated) " + spec.environment() + "/" + spec.id() + "/" + ClusterRenderer.CONFIG_FILE;
    SourceMap map = SourceMap.of(rendered.configAlloy(), spec.alloySources(), generated);
    AlloyChecker.check(rendered.configAlloy()).forEach(e -> problems.add(map.problem(e)));
    rendered.files().forEach((name, text) -> {
      if (name.endsWith(".yaml") && !name.equals(ClusterRenderer.KUSTOMIZATION)) {
        manifest(spec.environment() + "/" + spec.id() + "/" + name, text, problems);
      }
    });
    return problems;
  }

  /**
   * Every document must be a mapping with apiVersion, kind and metadata. Read as YAML events,
   * without building objects: a fleet's manifests are checked on every render, and building
   * them cost twice the render itself.
   */
  private static void manifest(String file, String text, List<Problem> problems) {
    try {
      int index = 0;
      int line = 1;
      int depth = 0;
      boolean atKey = true;
      boolean mapping = false;
      Set<String> keys = new HashSet<>();
      // The event parser alone: a Yaml facade builds constructors and representers on each use.
      ParserImpl parser = new ParserImpl(new StreamReader(new StringReader(text)), new LoaderOptions());
      while (parser.peekEvent() != null) {
        Event event = parser.getEvent();
        if (event instanceof DocumentStartEvent) {
          index++;
          line = event.getStartMark().getLine() + 1;
          depth = 0;
          mapping = false;
          keys.clear();
        } else if (event instanceof CollectionStartEvent) {
          if (depth == 0) {
            mapping = event instanceof MappingStartEvent;
          } else if (depth == 1) {
            atKey = true; // a collection at the top level is a value; a key follows it
          }
          depth++;
        } else if (event instanceof CollectionEndEvent) {
          depth--;
        } else if (depth == 1 && (event instanceof ScalarEvent || event instanceof AliasEvent)) {
          if (atKey && event instanceof ScalarEvent scalar) {
            keys.add(scalar.getValue());
          }
          atKey = !atKey;
        } else if (event instanceof DocumentEndEvent) {
          structure(new Location("(generated) " + file, line, 1), index, mapping, keys, problems);
        }
      }
    } catch (MarkedYAMLException e) {
      Location at = new Location("(generated) " + file, e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1);
      problems.add(Problem.of(at, "", "not valid YAML: " + e.getProblem()));
    } catch (YAMLException e) {
      problems.add(Problem.of(Location.of("(generated) " + file), "", "not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
    }
  }

  private static void structure(Location at, int index, boolean mapping, Set<String> keys, List<Problem> problems) {
    if (!mapping) {
      problems.add(Problem.of(at, "", "document " + index + " is not a Kubernetes object"));
      return;
    }
    for (String key : List.of("apiVersion", "kind", "metadata")) {
      if (!keys.contains(key)) {
        problems.add(Problem.of(at, "", "document " + index + " has no " + key));
      }
    }
  }

  /** Maps a line of config.alloy to the file and line the text came from. */
  record SourceMap(List<Integer> markerLines, List<AlloySource> sources, String generated) {

    static SourceMap of(String config, List<AlloySource> sources, String generated) {
      List<Integer> markers = new ArrayList<>();
      List<String> lines = config.lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith(SOURCE_MARKER)) {
          markers.add(i + 1);
        }
      }
      return new SourceMap(markers, sources, generated);
    }

    Problem problem(AlloyError error) {
      java.util.regex.Matcher first = java.util.regex.Pattern.compile("\\(first at line (\\d+)\\)").matcher(error.message());
      if (first.find()) {
        Problem earlier = locate(new AlloyError(Integer.parseInt(first.group(1)), 1, ""));
        String where = earlier.file().equals(generated) ? "(Alloy Fleet's generated config declares it: choose another label)"
            : "(first at " + earlier.file() + ":" + earlier.location().line() + ")";
        error = new AlloyError(error.line(), error.column(), first.replaceFirst(java.util.regex.Matcher.quoteReplacement(where)));
      }
      return locate(error);
    }

    private Problem locate(AlloyError error) {
      for (int i = markerLines.size() - 1; i >= 0; i--) {
        int marker = markerLines.get(i);
        if (error.line() > marker && i < sources.size()) {
          AlloySource source = sources.get(i);
          String path = source.file().endsWith(".yaml") ? "customConfig" : "";
          int column = error.column() + source.firstColumn() - 1;
          return Problem.of(new Location(source.file(), source.firstLine() + error.line() - marker - 1, column), path, error.message());
        }
      }
      return Problem.of(new Location(generated, error.line(), error.column()), "", error.message(),
          "this is a bug in Alloy Fleet's templates, not in your values: please report it");
    }
  }
}
