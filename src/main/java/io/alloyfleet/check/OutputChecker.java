package io.alloyfleet.check;

import io.alloyfleet.fleet.AlloySource;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.Location;
import io.alloyfleet.fleet.Problem;
import io.alloyfleet.render.ClusterRenderer;
import io.alloyfleet.render.RenderedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

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

  private static void manifest(String file, String text, List<Problem> problems) {
    try {
      int index = 0;
      for (Object doc : new Yaml(new LoaderOptions()).loadAll(text)) {
        index++;
        if (!(doc instanceof Map<?, ?> object)) {
          problems.add(Problem.of(Location.of("(generated) " + file), "", "document " + index + " is not a Kubernetes object"));
          continue;
        }
        for (String key : List.of("apiVersion", "kind", "metadata")) {
          if (!object.containsKey(key)) {
            problems.add(Problem.of(Location.of("(generated) " + file), "", "document " + index + " has no " + key));
          }
        }
      }
    } catch (YAMLException e) {
      problems.add(Problem.of(Location.of("(generated) " + file), "", "not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
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
