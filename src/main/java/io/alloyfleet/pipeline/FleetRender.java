package io.alloyfleet.pipeline;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.render.EnvironmentRenderer;
import io.alloyfleet.render.RenderedCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcome of rendering a fleet: the clusters that rendered and passed the checks, those skipped
 * because their last render is current, the invalid ones with their problems, and each
 * environment's fleet-wide files.
 */
public record FleetRender(
    List<RenderedCluster> rendered,
    List<ClusterSpec> unchanged,
    List<ClusterSpec> specs,
    List<Invalid> invalid,
    SortedMap<String, SortedMap<String, String>> environmentFiles,
    List<Problem> warnings) {

  public List<Problem> problems() {
    return invalid.stream().flatMap(i -> i.problems().stream()).sorted(Problem.ORDER).toList();
  }

  /**
   * Every rendered file by its path in an environment-first tree: {@code <environment>/<cluster>/…}
   * and {@code <environment>/_fleet/…}.
   */
  public SortedMap<String, String> files() {
    SortedMap<String, String> files = new TreeMap<>();
    for (RenderedCluster cluster : rendered) {
      cluster
          .files()
          .forEach(
              (name, text) ->
                  files.put(cluster.environment() + "/" + cluster.id() + "/" + name, text));
    }
    environmentFiles.forEach(
        (env, envFiles) ->
            envFiles.forEach(
                (name, text) ->
                    files.put(env + "/" + EnvironmentRenderer.DIRECTORY + "/" + name, text)));
    return files;
  }

  /** The specs clusters were rendered from (rendered or unchanged clusters), by cluster id. */
  public Map<String, ClusterSpec> specsById() {
    Map<String, ClusterSpec> byId = new HashMap<>();
    specs.forEach(spec -> byId.put(spec.id(), spec));
    return byId;
  }

  /** The same outcome without the rendered texts, for keeping in memory once they are published. */
  public FleetRender withoutFiles() {
    List<RenderedCluster> slim =
        rendered.stream()
            .map(
                c ->
                    new RenderedCluster(
                        c.id(), c.environment(), new TreeMap<>(), c.configHash(), new TreeMap<>()))
            .toList();
    return new FleetRender(slim, unchanged, specs, invalid, new TreeMap<>(), warnings);
  }

  public boolean allValid() {
    return invalid.isEmpty();
  }
}
