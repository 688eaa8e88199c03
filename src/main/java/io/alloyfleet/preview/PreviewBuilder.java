package io.alloyfleet.preview;

import io.alloyfleet.fleet.ClusterOutcome;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.FleetLayout;
import io.alloyfleet.fleet.files.PinnedFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.render.RenderHash;
import io.alloyfleet.render.RenderedCluster;
import io.alloyfleet.rollout.PrometheusQuery;
import io.alloyfleet.rollout.Waves;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Two revisions of the fleet → what changes between them. Clusters whose inputs are the same on
 * both sides (equal render hashes, or the same problems) are not rendered; the others are rendered
 * and checked on both sides and compared file by file.
 */
public final class PreviewBuilder {

  /** More clusters changed than a preview renders: refused, with both numbers. */
  public static final class TooLarge extends Exception {
    private final int clusters;
    private final int limit;

    TooLarge(int clusters, int limit) {
      super(
          "the change touches "
              + clusters
              + " clusters; previews render at most "
              + limit
              + " (alloy-fleet.preview.max-clusters)",
          null,
          false,
          false);
      this.clusters = clusters;
      this.limit = limit;
    }

    public int clusters() {
      return clusters;
    }

    public int limit() {
      return limit;
    }
  }

  private final RenderPipeline pipeline;
  private final int maxClusters;

  /** {@code pipeline}: one of the preview's own, so its caches are not the sync's. */
  public PreviewBuilder(RenderPipeline pipeline, int maxClusters) {
    this.pipeline = pipeline;
    this.maxClusters = maxClusters;
  }

  public Preview build(String base, FleetFiles baseFiles, String head, FleetFiles headFiles)
      throws TooLarge {
    Set<String> ids = new TreeSet<>(baseFiles.directories(FleetLayout.CLUSTERS));
    ids.addAll(headFiles.directories(FleetLayout.CLUSTERS));
    ids.addAll(baseFiles.links(FleetLayout.CLUSTERS));
    ids.addAll(headFiles.links(FleetLayout.CLUSTERS));
    // With the same shared layers on both sides, only the clusters whose directories differ can
    // render differently: only they are loaded (a CI job previews a one-cluster change of a large
    // fleet in the time of one cluster).
    java.util.function.Predicate<String> load =
        sameSharedLayers(baseFiles, headFiles)
            ? id ->
                !baseFiles
                    .version(FleetLayout.CLUSTERS, id)
                    .equals(headFiles.version(FleetLayout.CLUSTERS, id))
            : id -> true;
    Fleet before = pipeline.load(new PinnedFiles(baseFiles, baseFiles, load));
    Fleet after = pipeline.load(new PinnedFiles(headFiles, headFiles, load));
    if (namesChange(before, after)) {
      // A new or renamed cluster.name may collide with a cluster not loaded: load them all, so
      // the preview refuses what the sync would.
      before = pipeline.load(baseFiles);
      after = pipeline.load(headFiles);
    }
    Map<String, ClusterOutcome> was = byId(before);
    Map<String, ClusterOutcome> is = byId(after);
    List<String> differ =
        ids.stream().filter(id -> !inputs(was.get(id)).equals(inputs(is.get(id)))).toList();
    if (differ.size() > maxClusters) {
      throw new TooLarge(differ.size(), maxClusters);
    }
    Rendered old = render(differ, was);
    Rendered now = render(differ, is);
    List<Preview.Cluster> clusters = new ArrayList<>();
    for (String id : differ) {
      compare(id, old, now).ifPresent(clusters::add);
    }
    clusters.sort(
        Comparator.comparing(Preview.Cluster::environment).thenComparing(Preview.Cluster::id));
    int invalid = (int) clusters.stream().filter(c -> c.change().equals("invalid")).count();
    return new Preview(
        base,
        head,
        new Preview.Summary(clusters.size(), invalid, ids.size() - clusters.size()),
        clusters,
        rollouts(after, baseFiles, headFiles, clusters));
  }

  /** Whether a cluster's name on the head is new: absent from the base, or another than it was. */
  private static boolean namesChange(Fleet before, Fleet after) {
    Map<String, String> names = new HashMap<>();
    before.valid().forEach(spec -> names.put(spec.id(), spec.name()));
    return after.valid().stream().anyMatch(spec -> !spec.name().equals(names.get(spec.id())));
  }

  /** Whether everything outside the clusters' own directories is the same on both sides. */
  private static boolean sameSharedLayers(FleetFiles base, FleetFiles head) {
    Set<String> names = new TreeSet<>(base.files(""));
    names.addAll(head.files(""));
    names.addAll(base.directories(""));
    names.addAll(head.directories(""));
    names.addAll(base.links(""));
    names.addAll(head.links(""));
    names.remove(FleetLayout.CLUSTERS);
    return names.stream()
        .allMatch(
            name -> {
              Optional<String> version = base.version("", name);
              return version.isPresent() && version.equals(head.version("", name));
            });
  }

  private static Map<String, ClusterOutcome> byId(Fleet fleet) {
    Map<String, ClusterOutcome> byId = new HashMap<>();
    fleet.clusters().forEach(c -> byId.put(c.id(), c));
    return byId;
  }

  /** What a cluster's render depends on: its render hash, or its problems; absent is empty. */
  private static String inputs(ClusterOutcome outcome) {
    return switch (outcome) {
      case null -> "";
      case ClusterOutcome.Valid v -> "valid " + RenderHash.of(v.spec());
      case ClusterOutcome.Invalid i ->
          "invalid "
              + i.problems().stream().map(io.alloyfleet.diagnostics.Problem::format).toList();
    };
  }

  /** One side's renders of the clusters that differ, and its invalid ones with their problems. */
  private record Rendered(
      Map<String, RenderedCluster> clusters, Map<String, ClusterOutcome.Invalid> invalid) {}

  private Rendered render(List<String> ids, Map<String, ClusterOutcome> side) {
    List<ClusterOutcome> outcomes = ids.stream().map(side::get).filter(Objects::nonNull).toList();
    FleetRender render = pipeline.render(new Fleet(outcomes), spec -> false);
    return new Rendered(
        render.rendered().stream().collect(Collectors.toMap(RenderedCluster::id, c -> c)),
        render.invalid().stream().collect(Collectors.toMap(ClusterOutcome.Invalid::id, i -> i)));
  }

  private static Optional<Preview.Cluster> compare(String id, Rendered old, Rendered now) {
    RenderedCluster before = old.clusters().get(id);
    RenderedCluster after = now.clusters().get(id);
    ClusterOutcome.Invalid invalid = now.invalid().get(id);
    if (invalid != null) {
      return Optional.of(
          new Preview.Cluster(
              id,
              invalid.environment().orElse(before == null ? "" : before.environment()),
              "invalid",
              0,
              0,
              "",
              invalid.problems().stream()
                  .map(
                      p ->
                          new Preview.Problem(
                              p.file(),
                              p.location().line(),
                              p.location().column(),
                              p.path(),
                              p.message() + p.hint().map(h -> " (hint: " + h + ")").orElse("")))
                  .toList()));
    }
    SortedMap<String, String> was = files(before);
    SortedMap<String, String> is = files(after);
    if (was.equals(is)) {
      return Optional.empty(); // other inputs, the same files
    }
    Set<String> paths = new TreeSet<>(was.keySet());
    paths.addAll(is.keySet());
    StringBuilder diff = new StringBuilder();
    int added = 0;
    int removed = 0;
    for (String path : paths) {
      if (!Objects.equals(was.get(path), is.get(path))) {
        UnifiedDiff file = UnifiedDiff.of(path, was.get(path), is.get(path));
        diff.append(file.text());
        added += file.added();
        removed += file.removed();
      }
    }
    String change = after == null ? "removed" : before == null ? "added" : "changed";
    String environment = (after != null ? after : before).environment();
    return Optional.of(
        new Preview.Cluster(id, environment, change, added, removed, diff.toString(), List.of()));
  }

  /** A cluster's files by their path on its branch: {@code <cluster>/<file>}. */
  private static SortedMap<String, String> files(RenderedCluster cluster) {
    SortedMap<String, String> files = new TreeMap<>();
    if (cluster != null) {
      cluster.files().forEach((name, text) -> files.put(cluster.id() + "/" + name, text));
    }
    return files;
  }

  /**
   * For each environment with a rollout whose shared layers change, the waves the changed clusters
   * would go out in.
   */
  private static List<Preview.Rollout> rollouts(
      Fleet after, FleetFiles baseFiles, FleetFiles headFiles, List<Preview.Cluster> clusters) {
    List<Preview.Rollout> rollouts = new ArrayList<>();
    after
        .rollouts()
        .byEnvironment()
        .forEach(
            (env, rollout) -> {
              if (FleetLoader.sharedLayersVersion(baseFiles, env)
                  .equals(FleetLoader.sharedLayersVersion(headFiles, env))) {
                return; // only the clusters' own directories change: no rollout
              }
              Set<String> changed =
                  clusters.stream()
                      .filter(c -> c.environment().equals(env) && !c.change().equals("invalid"))
                      .map(Preview.Cluster::id)
                      .collect(Collectors.toSet());
              if (changed.isEmpty()) {
                return;
              }
              SortedMap<String, Map<String, String>> labels = new TreeMap<>();
              after.valid().stream()
                  .filter(s -> s.environment().equals(env))
                  .forEach(s -> labels.put(s.id(), s.values().cluster().labels()));
              List<Preview.Wave> waves =
                  Waves.of(rollout, labels).stream()
                      .map(
                          w ->
                              new Preview.Wave(
                                  w.name(),
                                  w.clusters().stream().filter(changed::contains).toList()))
                      .filter(w -> !w.clusters().isEmpty())
                      .toList();
              SortedMap<String, String> gates = new TreeMap<>();
              rollout
                  .prometheus()
                  .ifPresent(
                      gate ->
                          after.valid().stream()
                              .filter(s -> changed.contains(s.id()))
                              .forEach(s -> gates.put(s.id(), PrometheusQuery.queryFor(gate, s))));
              rollouts.add(new Preview.Rollout(env, waves, gates));
            });
    return rollouts;
  }
}
