package io.alloyfleet.pipeline;

import io.alloyfleet.check.OutputChecker;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.Explanation;
import io.alloyfleet.fleet.Fault;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.RenderedIdentities;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.values.ValuesSchema;
import io.alloyfleet.render.ClusterRenderer;
import io.alloyfleet.render.EnvironmentRenderer;
import io.alloyfleet.render.RenderedCluster;
import io.alloyfleet.text.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/** Fleet files → loaded and validated → rendered → checked: the stages every render runs. */
@ApplicationScoped
public class RenderPipeline {

  private static final Logger LOG = Logger.getLogger(RenderPipeline.class);

  private final FleetLoader loader = new FleetLoader(ValuesSchema.load());
  private final ClusterRenderer clusterRenderer;
  private final EnvironmentRenderer environmentRenderer;
  private final Check check;

  /** The last stage: a rendered cluster → its problems ({@link OutputChecker} unless a test's). */
  @FunctionalInterface
  public interface Check {
    List<Problem> problems(ClusterSpec spec, RenderedCluster cluster);
  }

  @Inject
  public RenderPipeline(ClusterRenderer clusterRenderer, EnvironmentRenderer environmentRenderer) {
    this(clusterRenderer, environmentRenderer, OutputChecker::check);
  }

  private RenderPipeline(
      ClusterRenderer clusterRenderer, EnvironmentRenderer environmentRenderer, Check check) {
    this.clusterRenderer = clusterRenderer;
    this.environmentRenderer = environmentRenderer;
    this.check = check;
  }

  /** The same stages with nothing loaded yet (for measuring a first sync). */
  public RenderPipeline withEmptyCaches() {
    return new RenderPipeline(clusterRenderer, environmentRenderer, check);
  }

  /** The same stages, nothing loaded yet, with another last stage: a test's seam for faults. */
  public RenderPipeline withCheck(Check check) {
    return new RenderPipeline(clusterRenderer, environmentRenderer, check);
  }

  public FleetRender render(FleetFiles files) {
    return render(load(files), spec -> false);
  }

  private record Checked(ClusterSpec spec, RenderedCluster cluster, List<Problem> problems) {}

  /**
   * One cluster rendered and checked. A fault on the way (a bug, a stack overflow on a team's deep
   * expression) is that cluster's problem: the other clusters still render.
   */
  private Checked renderAndCheck(ClusterSpec spec) {
    try {
      RenderedCluster cluster = clusterRenderer.render(spec);
      return new Checked(spec, cluster, check.problems(spec, cluster));
    } catch (RuntimeException | Error fault) {
      Problem problem = Fault.problem(spec.id(), "checking", fault);
      LOG.errorf(
          "Internal error while checking cluster %s (it is invalid; the others go on): %s",
          Text.printable(spec.id()), Fault.trace(fault));
      return new Checked(spec, null, List.of(problem));
    }
  }

  /**
   * What becomes of each cluster that rendered and passed its checks, on the thread that rendered
   * it: {@link #KEEP} keeps it whole; a publisher writes its files out and keeps only what it needs
   * (so a large render is never held whole in memory). It may throw {@link
   * java.io.UncheckedIOException}: that fails the render, not the cluster.
   */
  @FunctionalInterface
  public interface Sink {
    Sink KEEP = (spec, cluster) -> cluster;

    RenderedCluster accept(ClusterSpec spec, RenderedCluster cluster);
  }

  /** Where each value of one cluster comes from; empty for an unknown cluster. */
  public Optional<Explanation> explain(FleetFiles files, String cluster) {
    return loader.explain(files, cluster);
  }

  public Fleet load(FleetFiles files) {
    return load(files, RenderedIdentities.NONE);
  }

  /** The fleet, each cluster keeping the identity its rendered branch gives it. */
  public Fleet load(FleetFiles files, RenderedIdentities rendered) {
    return loader.load(files, rendered);
  }

  /**
   * Renders every valid cluster except those {@code current} says are already rendered from the
   * same values (they are listed as unchanged and cost nothing).
   */
  public FleetRender render(Fleet fleet, Predicate<ClusterSpec> current) {
    return render(fleet, current, clusters -> Sink.KEEP);
  }

  /**
   * The same, each cluster that passes its checks handed to the sink {@code sinks} gives for the
   * number of clusters to render, as soon as it is checked.
   */
  public FleetRender render(
      Fleet fleet, Predicate<ClusterSpec> current, java.util.function.IntFunction<Sink> sinks) {
    List<RenderedCluster> rendered = new ArrayList<>();
    List<ClusterSpec> unchanged = new ArrayList<>();
    List<Invalid> invalid = new ArrayList<>(fleet.invalid());
    List<ClusterSpec> toRender = new ArrayList<>();
    for (ClusterSpec spec : fleet.valid()) {
      (current.test(spec) ? unchanged : toRender).add(spec);
    }
    // Clusters are independent: render and check them on every core, keep the fleet's order.
    Sink sink = sinks.apply(toRender.size());
    List<Checked> results =
        (toRender.size() > 8 ? toRender.parallelStream() : toRender.stream())
            .map(this::renderAndCheck)
            .map(
                c ->
                    c.problems().isEmpty()
                        ? new Checked(c.spec(), sink.accept(c.spec(), c.cluster()), c.problems())
                        : c)
            .toList();
    for (Checked result : results) {
      if (result.problems().isEmpty()) {
        rendered.add(result.cluster());
      } else {
        invalid.add(
            new Invalid(
                result.spec().id(), Optional.of(result.spec().environment()), result.problems()));
      }
    }
    SortedMap<String, SortedMap<String, String>> environmentFiles = new TreeMap<>();
    fleet.environments().forEach(env -> environmentFiles.put(env, environmentRenderer.render(env)));
    invalid.sort((a, b) -> a.id().compareTo(b.id()));
    return new FleetRender(
        rendered, unchanged, fleet.valid(), invalid, environmentFiles, fleet.warnings());
  }
}
