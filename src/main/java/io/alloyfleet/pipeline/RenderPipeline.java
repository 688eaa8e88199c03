package io.alloyfleet.pipeline;

import io.alloyfleet.check.OutputChecker;
import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetFiles;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.Problem;
import io.alloyfleet.fleet.ValuesSchema;
import io.alloyfleet.render.ClusterRenderer;
import io.alloyfleet.render.EnvironmentRenderer;
import io.alloyfleet.render.RenderedCluster;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Fleet files → loaded and validated → rendered → checked: the stages every render runs. */
@ApplicationScoped
public class RenderPipeline {

  private final FleetLoader loader = new FleetLoader(ValuesSchema.load());
  private final ClusterRenderer clusterRenderer;
  private final EnvironmentRenderer environmentRenderer;

  public RenderPipeline(ClusterRenderer clusterRenderer, EnvironmentRenderer environmentRenderer) {
    this.clusterRenderer = clusterRenderer;
    this.environmentRenderer = environmentRenderer;
  }

  public FleetRender render(FleetFiles files) {
    return render(load(files), spec -> false);
  }

  public Fleet load(FleetFiles files) {
    return loader.load(files);
  }

  /**
   * Renders every valid cluster except those {@code current} says are already rendered from
   * the same values (they are listed as unchanged and cost nothing).
   */
  public FleetRender render(Fleet fleet, Predicate<ClusterSpec> current) {
    List<RenderedCluster> rendered = new ArrayList<>();
    List<ClusterSpec> unchanged = new ArrayList<>();
    List<Invalid> invalid = new ArrayList<>(fleet.invalid());
    for (ClusterSpec spec : fleet.valid()) {
      if (current.test(spec)) {
        unchanged.add(spec);
        continue;
      }
      RenderedCluster cluster = clusterRenderer.render(spec);
      List<Problem> problems = OutputChecker.check(spec, cluster);
      if (problems.isEmpty()) {
        rendered.add(cluster);
      } else {
        invalid.add(new Invalid(spec.id(), Optional.of(spec.environment()), problems));
      }
    }
    SortedMap<String, SortedMap<String, String>> environmentFiles = new TreeMap<>();
    fleet.environments().forEach(env -> environmentFiles.put(env, environmentRenderer.render(env)));
    invalid.sort((a, b) -> a.id().compareTo(b.id()));
    return new FleetRender(rendered, unchanged, fleet.valid(), invalid, environmentFiles);
  }
}
