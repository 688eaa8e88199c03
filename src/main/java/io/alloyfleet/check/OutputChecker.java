package io.alloyfleet.check;

import io.alloyfleet.alloy.AlloyChecker;
import io.alloyfleet.alloy.AlloyError;
import io.alloyfleet.alloy.ComponentCatalog;
import io.alloyfleet.alloy.ComponentChecker;
import io.alloyfleet.alloy.Parser;
import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.files.AlloySource;
import io.alloyfleet.render.ClusterRenderer;
import io.alloyfleet.render.ManifestObject;
import io.alloyfleet.render.RenderedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last gate before rendered files leave: config.alloy must parse as Alloy, and every manifest
 * must be well-formed Kubernetes YAML. Errors in the user's Alloy text are reported at the line of
 * the file the user wrote it in.
 */
public final class OutputChecker {

  /** The comment that opens each piece of user Alloy text in config.alloy; see config.alloy. */
  public static final String SOURCE_MARKER = "// ---- From ";

  private OutputChecker() {}

  public static List<Problem> check(ClusterSpec spec, RenderedCluster rendered) {
    List<Problem> problems = new ArrayList<>();
    String generated =
        "(generated) " + spec.environment() + "/" + spec.id() + "/" + ClusterRenderer.CONFIG_FILE;
    SourceMap map = SourceMap.of(rendered.configAlloy(), spec.alloySources(), generated);
    Parser.Result parsed = Parser.parse(rendered.configAlloy());
    var agent = spec.values().agent();
    AlloyChecker.check(
            parsed,
            new ComponentChecker.Options(
                ComponentCatalog.Stability.ofFlag(agent.stabilityLevel())
                    .orElse(ComponentCatalog.Stability.GENERALLY_AVAILABLE),
                agent.communityComponents()))
        .forEach(e -> problems.add(map.problem(e)));
    if (problems.isEmpty() && !spec.alloySources().isEmpty()) {
      AlloyPolicyChecker.check(parsed.body(), spec.alloyPolicy(), map::teamWritten)
          .forEach(e -> problems.add(map.problem(e)));
    }
    rendered
        .files()
        .forEach(
            (name, text) -> {
              if (name.endsWith(".yaml") && !name.equals(ClusterRenderer.KUSTOMIZATION)) {
                String file = "(generated) " + spec.environment() + "/" + spec.id() + "/" + name;
                manifest(
                    file,
                    text,
                    rendered.planned().getOrDefault(name, List.of()),
                    rendered.configAlloy(),
                    problems);
              }
            });
    return problems;
  }

  /**
   * Every document must be a Kubernetes object, and the file must hold exactly the objects the
   * renderer planned: text that a team wrote (Alloy, a value) can never add an object, hide one, or
   * change what the ConfigMap holds from the config.alloy that was checked.
   */
  private static void manifest(
      String file,
      String text,
      List<ManifestObject> planned,
      String config,
      List<Problem> problems) {
    List<ManifestReader.Document> documents;
    switch (ManifestReader.read(file, text)) {
      case ManifestReader.Result.Unreadable bad -> {
        problems.add(bad.problem());
        return;
      }
      case ManifestReader.Result.Read read -> documents = read.documents();
    }
    List<ManifestObject> found = new ArrayList<>();
    for (ManifestReader.Document document : documents) {
      Location at = new Location(file, document.line(), 1);
      if (!document.mapping()) {
        problems.add(
            Problem.of(at, "", "document " + document.index() + " is not a Kubernetes object"));
        continue;
      }
      for (String key : List.of("apiVersion", "kind", "metadata")) {
        if (!document.keys().contains(key)) {
          problems.add(Problem.of(at, "", "document " + document.index() + " has no " + key));
        }
      }
      ManifestObject object =
          new ManifestObject(
              document.value(ManifestReader.KIND).orElse(""),
              document.value(ManifestReader.NAME).orElse(""),
              document.value(ManifestReader.NAMESPACE).orElse(""));
      found.add(object);
      if (object.kind().equals("ConfigMap")
          && !document.value(ManifestReader.CONFIG_ALLOY).equals(Optional.of(config))) {
        problems.add(
            Problem.of(
                at,
                "",
                "the ConfigMap's config.alloy is not the config.alloy that was checked",
                "line-break or control characters in Alloy text can do this: remove them from customConfig and *.alloy files"));
      }
    }
    if (!found.equals(planned)) {
      problems.add(
          Problem.of(
              Location.of(file),
              "",
              "the file holds "
                  + describe(found)
                  + " where Alloy Fleet rendered "
                  + describe(planned),
              "text from the fleet changed the structure of this manifest: look for line-break or control characters in customConfig, *.alloy files and values"));
    }
  }

  private static String describe(List<ManifestObject> objects) {
    return objects.size()
        + " object(s) ("
        + objects.stream()
            .map(ManifestObject::toString)
            .reduce((a, b) -> a + ", " + b)
            .orElse("none")
        + ")";
  }

  /** Maps a line of config.alloy to the file and line the text came from. */
  record SourceMap(List<Integer> markerLines, List<AlloySource> sources, String generated) {

    /**
     * The marker of the first team source is the first marker line (the generated part has none);
     * the others follow from the length of each source, never from scanning: a team's text may
     * itself hold a line that looks like a marker.
     */
    static SourceMap of(String config, List<AlloySource> sources, String generated) {
      List<Integer> markers = new ArrayList<>();
      int line = 1;
      for (int start = 0; start < config.length() && !sources.isEmpty(); line++) {
        if (config.startsWith(SOURCE_MARKER, start)) {
          markers.add(line);
          break;
        }
        int end = config.indexOf('\n', start);
        start = end < 0 ? config.length() : end + 1;
      }
      for (int i = 1; i < sources.size() && !markers.isEmpty(); i++) {
        // marker, the text (its '\n's plus one line), a blank line, then the next marker
        markers.add(
            markers.get(i - 1)
                + (int) sources.get(i - 1).text().chars().filter(c -> c == '\n').count()
                + 3);
      }
      return new SourceMap(markers, sources, generated);
    }

    /** A problem found in config.alloy, placed in the file its line came from. */
    Problem problem(Problem error) {
      if (error.firstAt().isPresent()) {
        Problem earlier = locate(AlloyError.at(error.firstAt().get().line(), 1, ""));
        String where =
            earlier.file().equals(generated)
                ? "(Alloy Fleet's generated config declares it: choose another label)"
                : "(first at " + earlier.file() + ":" + earlier.location().line() + ")";
        error = AlloyError.at(error.line(), error.column(), error.message() + " " + where);
      }
      return locate(error);
    }

    /**
     * Whether a line of config.alloy comes from a team's Alloy text rather than the generated part.
     */
    boolean teamWritten(int line) {
      return !markerLines.isEmpty() && line > markerLines.get(0);
    }

    private Problem locate(Problem error) {
      for (int i = markerLines.size() - 1; i >= 0; i--) {
        int marker = markerLines.get(i);
        if (error.line() > marker && i < sources.size()) {
          AlloySource source = sources.get(i);
          String path = source.file().endsWith(".yaml") ? "customConfig" : "";
          int column = error.column() + source.firstColumn() - 1;
          return Problem.of(
              new Location(source.file(), source.firstLine() + error.line() - marker - 1, column),
              path,
              error.message());
        }
      }
      return Problem.of(
          new Location(generated, error.line(), error.column()),
          "",
          error.message(),
          "this is a bug in Alloy Fleet's templates, not in your values: please report it");
    }
  }
}
