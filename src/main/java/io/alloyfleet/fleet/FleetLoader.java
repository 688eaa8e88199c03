package io.alloyfleet.fleet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.ClusterOutcome.Valid;
import io.alloyfleet.fleet.files.AlloySource;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.FleetFiles.RefusedFileException;
import io.alloyfleet.fleet.files.FleetLayout;
import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.layers.LayerStack;
import io.alloyfleet.fleet.layers.LayerVersions;
import io.alloyfleet.fleet.layers.SharedLayers;
import io.alloyfleet.fleet.policy.AlloyPolicy;
import io.alloyfleet.fleet.policy.Policy;
import io.alloyfleet.fleet.policy.PolicyRules;
import io.alloyfleet.fleet.rolloutspec.Rollout;
import io.alloyfleet.fleet.rolloutspec.Rollouts;
import io.alloyfleet.fleet.values.ClusterValues;
import io.alloyfleet.fleet.values.Formats;
import io.alloyfleet.fleet.values.KeyPath;
import io.alloyfleet.fleet.values.ValuesSchema;
import io.alloyfleet.text.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Reads a fleet: {@code fleet.yaml} → {@code environments/<env>.yaml} → {@code
 * clusters/<id>/cluster.yaml}, merged over the schema's defaults, checked, and bound to {@link
 * ClusterValues}. A problem in one file makes the clusters it feeds invalid, never the whole fleet.
 */
public final class FleetLoader {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final ValuesSchema schema;

  /**
   * Each cluster's last outcome, with the versions of the files that fed it: a one-cluster change
   * reloads one cluster. Lookups are by id, cheap enough for 10,000 clusters a sync.
   */
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * A cluster as last loaded: the version of its directory, the versions of the layers that applied
   * to it ({@link LayerVersions}), and what the loader needs to tell, without loading it, whether
   * they still apply: its labels and environment.
   */
  private record Cached(
      String version,
      String layers,
      ClusterOutcome outcome,
      List<String> groups,
      Map<String, String> labels,
      Optional<String> environment) {}

  public FleetLoader(ValuesSchema schema) {
    this.schema = schema;
  }

  /**
   * The version of the shared layers (fleet.yaml, the environment file, the groups) of a cluster of
   * {@code environment} in {@code files}: equal versions render a cluster alike.
   */
  public static String sharedLayersVersion(FleetFiles files, String environment) {
    return SharedLayers.version(files, environment);
  }

  public Fleet load(FleetFiles files) {
    return load(files, RenderedIdentities.NONE);
  }

  /**
   * The fleet, with identities decided once: {@code rendered} says which name each rendered cluster
   * holds, and a cluster that claims a name another holds is the invalid one.
   */
  public Fleet load(FleetFiles files, RenderedIdentities rendered) {
    List<String> knownEnvironments = knownEnvironments(files);
    SharedLayers layers = new SharedLayers(files, schema, knownEnvironments);
    LayerVersions versionsOfLayers = new LayerVersions(files, layers, knownEnvironments);
    Set<String> links = Set.copyOf(files.links(FleetLayout.CLUSTERS));
    List<String> ids =
        links.isEmpty()
            ? files.directories(FleetLayout.CLUSTERS)
            : java.util.stream.Stream.concat(
                    files.directories(FleetLayout.CLUSTERS).stream(), links.stream())
                .sorted()
                .toList();
    // A cluster whose directory and whose layers (fleet, environment, matching groups) are the
    // versions it was loaded from is taken as it was: a group edit reloads the clusters it
    // matches, not the fleet. The others are independent, loaded on every core; the fleet keeps
    // its order.
    ClusterOutcome[] outcomes = new ClusterOutcome[ids.size()];
    Map<String, List<String>> groupsById = new ConcurrentHashMap<>();
    List<Integer> toLoad = new ArrayList<>();
    List<Optional<String>> versions = new ArrayList<>(ids.size());
    for (int i = 0; i < outcomes.length; i++) {
      Cached cached = cache.get(ids.get(i));
      Optional<String> version = files.version(FleetLayout.CLUSTERS, ids.get(i));
      versions.add(version);
      if (cached != null
          && version.isPresent()
          && cached.version().equals(version.get())
          && cached.layers().equals(versionsOfLayers.of(cached.environment(), cached.labels()))) {
        outcomes[i] = cached.outcome();
        groupsById.put(ids.get(i), cached.groups());
      } else {
        toLoad.add(i);
      }
    }
    (toLoad.size() > 8 ? toLoad.parallelStream() : toLoad.stream())
        .forEach(
            i -> {
              String id = ids.get(i);
              Loaded loaded;
              try {
                loaded =
                    links.contains(id)
                        ? new Loaded(linked(files, id), Optional.empty())
                        : cluster(files, id, layers, knownEnvironments);
              } catch (RuntimeException | Error fault) {
                // A bug met on one cluster's input is that cluster's problem, not the fleet's.
                loaded =
                    new Loaded(
                        new Invalid(
                            id, Optional.empty(), List.of(Fault.problem(id, "loading", fault))),
                        Optional.empty());
              }
              outcomes[i] = loaded.outcome();
              loaded.stack().ifPresent(s -> groupsById.put(id, s.groupNames()));
              if (versions.get(i).isPresent() && loaded.stack().isPresent()) {
                LayerStack stack = loaded.stack().get();
                cache.put(
                    id,
                    new Cached(
                        versions.get(i).get(),
                        versionsOfLayers.of(stack.environment(), stack.labels()),
                        outcomes[i],
                        stack.groupNames(),
                        stack.labels(),
                        stack.environment()));
              } else {
                cache.remove(id);
              }
            });
    if (cache.size() > 2 * ids.size()) {
      cache.keySet().retainAll(new HashSet<>(ids)); // clusters deleted or renamed since
    }
    List<ClusterOutcome> clusters =
        Identities.decide(List.of(outcomes), rendered, env -> layers.environment(env).policy());
    Rollouts rollouts = rollouts(layers, clusters, knownEnvironments);
    List<Problem> warnings = new ArrayList<>(unmatchedGroups(layers, groupsById));
    warnings.addAll(emptyWaves(rollouts, clusters));
    return new Fleet(clusters, warnings, rollouts);
  }

  /** Each environment's rollout (of those with clusters or a file), and their order. */
  private static Rollouts rollouts(
      SharedLayers layers, List<ClusterOutcome> clusters, List<String> knownEnvironments) {
    Set<String> environments = new java.util.TreeSet<>(knownEnvironments);
    clusters.forEach(c -> c.environment().ifPresent(environments::add));
    Map<String, Rollout> byEnvironment = new HashMap<>();
    for (String env : environments) {
      layers.environment(env).rollout().ifPresent(r -> byEnvironment.put(env, r));
    }
    return byEnvironment.isEmpty() && layers.order().isEmpty()
        ? Rollouts.NONE
        : new Rollouts(layers.order(), byEnvironment);
  }

  /** A wave whose selector matches no cluster of its environment is a warning, like a group's. */
  private static List<Problem> emptyWaves(Rollouts rollouts, List<ClusterOutcome> clusters) {
    List<Problem> warnings = new ArrayList<>();
    rollouts
        .byEnvironment()
        .forEach(
            (env, rollout) -> {
              for (Rollout.Wave wave : rollout.waves()) {
                if (!wave.selector().isEmpty()
                    && clusters.stream()
                        .noneMatch(
                            c ->
                                c instanceof ClusterOutcome.Valid v
                                    && v.spec().environment().equals(env)
                                    && wave.matches(v.spec().values().cluster().labels()))) {
                  warnings.add(
                      Problem.of(
                          wave.location(),
                          "rollout.waves",
                          "wave "
                              + Text.quote(wave.name())
                              + " matches no cluster of environment "
                              + Text.quote(env),
                          "check its selector and the clusters' labels"));
                }
              }
            });
    return warnings;
  }

  /**
   * A group that no cluster's labels match is a warning: probably a typo in a selector or a label.
   */
  private static List<Problem> unmatchedGroups(
      SharedLayers layers, Map<String, List<String>> groupsById) {
    Set<String> matched = new HashSet<>();
    groupsById.values().forEach(matched::addAll);
    return layers.groups().stream()
        .filter(group -> !matched.contains(group.name()))
        .map(
            group ->
                Problem.of(
                    Location.of(group.file()),
                    "selector",
                    "the group matches no cluster",
                    "check its selector and the clusters' labels"))
        .toList();
  }

  /**
   * A cluster directory that is a symbolic link (or a submodule): never followed, whatever it
   * points at.
   */
  private static ClusterOutcome linked(FleetFiles files, String id) {
    String path = FleetLayout.CLUSTERS + "/" + id;
    return new Invalid(
        id,
        Optional.empty(),
        List.of(
            Problem.of(
                Location.of(path),
                "",
                LayerStack.refusal(files, path + "/cluster.yaml", path),
                "make it a directory holding the cluster's own cluster.yaml")));
  }

  /** A cluster's outcome and, when its layers could be stacked, the stack it was loaded from. */
  private record Loaded(ClusterOutcome outcome, Optional<LayerStack> stack) {}

  private Loaded cluster(
      FleetFiles files, String id, SharedLayers layers, List<String> knownEnvironments) {
    if (!Formats.isDnsLabel(id)) {
      return new Loaded(
          new Invalid(
              id,
              Optional.empty(),
              List.of(
                  Problem.of(
                      Location.of(FleetLayout.CLUSTERS + "/" + id),
                      "",
                      "cluster id " + Text.quote(id) + " is not a DNS-1123 label",
                      "rename the directory: lower-case letters, digits and '-', at most 63 characters"))),
          Optional.empty());
    }
    LayerStack stack = LayerStack.of(files, id, layers, knownEnvironments);
    return new Loaded(cluster(files, id, stack), Optional.of(stack));
  }

  /** The cluster's values from its layers: merged, checked, bound; or every problem they have. */
  private ClusterOutcome cluster(FleetFiles files, String id, LayerStack stack) {
    if (!stack.unreadable().isEmpty()) {
      // A file that could not be read says nothing about its values: report only that.
      return new Invalid(id, stack.environment(), stack.unreadable());
    }
    List<Problem> problems = new ArrayList<>(stack.problems());
    Location fileStart = stack.clusterFile();
    MapNode merged = stack.merged(schema.defaults());
    // Values with structural problems are dropped so the cross-key rules can still run on the
    // rest: a user sees every problem of the cluster at once.
    ValuesSchema.Checked checked = schema.check(merged, fileStart);
    List<Problem> structural = checked.problems();
    problems.addAll(structural);
    merged = checked.values();
    ClusterValues values = MAPPER.convertValue(merged.plain(), ClusterValues.class);
    MapNode located = merged;
    Set<String> broken =
        structural.stream().map(p -> KeyPath.of(p.path()).section()).collect(Collectors.toSet());
    problems.addAll(
        ClusterRules.check(values, path -> locate(located, path, fileStart), broken::contains));
    if (!broken.contains("rbac")) {
      PolicyRules.rbac(values, stack.policy(), path -> locate(located, path, fileStart), problems);
    }
    List<AlloySource> alloy = alloySources(files, id, values, merged, problems);
    if (!problems.isEmpty()) {
      return new Invalid(id, stack.environment(), problems);
    }
    AlloyPolicy alloyPolicy = PolicyRules.alloy(stack.policy(), merged);
    return new Valid(
        new ClusterSpec(
            id,
            values,
            alloy,
            alloyPolicy,
            stack.groupNames(),
            hash(merged, alloy, stack.policy()),
            locate(located, "cluster.name", fileStart),
            locate(located, "cluster.environment", fileStart)));
  }

  /**
   * Where each value of a cluster comes from: its merged values, and for every leaf the file, line
   * and column that set it and the layers it overrode. Empty for an unknown cluster id.
   */
  public Optional<Explanation> explain(FleetFiles files, String id) {
    if (!Formats.isDnsLabel(id) || !files.directories(FleetLayout.CLUSTERS).contains(id)) {
      return Optional.empty();
    }
    LayerStack stack =
        LayerStack.of(
            files,
            id,
            new SharedLayers(files, schema, knownEnvironments(files)),
            knownEnvironments(files));
    ClusterOutcome outcome = cluster(files, id, stack);
    MapNode merged = schema.check(stack.merged(schema.defaults()), stack.clusterFile()).values();
    return Optional.of(
        Explanation.of(outcome, merged, stack.named(schema.defaults()), schema::isSecret));
  }

  private static List<String> knownEnvironments(FleetFiles files) {
    return java.util.stream.Stream.concat(
            files.files(FleetLayout.ENVIRONMENTS).stream(),
            files.links(FleetLayout.ENVIRONMENTS).stream())
        .filter(f -> f.endsWith(".yaml"))
        .sorted()
        .map(f -> f.substring(0, f.length() - ".yaml".length()))
        .toList();
  }

  private static Location locate(MapNode merged, String path, Location fallback) {
    return merged
        .at(path)
        .map(Node::location)
        .filter(l -> !l.file().equals(ValuesSchema.DEFAULTS_FILE))
        .orElse(fallback);
  }

  private List<AlloySource> alloySources(
      FleetFiles files, String id, ClusterValues values, MapNode merged, List<Problem> problems) {
    List<AlloySource> sources = new ArrayList<>();
    if (!values.customConfig().isBlank()) {
      Location at = merged.at("customConfig").map(Node::location).orElseThrow();
      sources.add(new AlloySource(at.file(), at.line(), at.column(), values.customConfig()));
    }
    String dir = FleetLayout.CLUSTERS + "/" + id;
    for (String name : files.files(dir)) {
      if (!name.endsWith(".alloy")) {
        continue;
      }
      String path = dir + "/" + name;
      try {
        files.read(path).ifPresent(text -> sources.add(new AlloySource(path, 1, 1, text)));
      } catch (RefusedFileException e) {
        problems.add(Problem.of(Location.of(path), "", e.getMessage()));
      }
    }
    return sources;
  }

  private static String hash(MapNode merged, List<AlloySource> alloy, Policy policy) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("values", merged.plain());
    input.put("alloy", alloy.stream().map(a -> List.of(a.file(), a.text())).toList());
    input.put("policy", policy.fingerprint());
    try {
      return DigestUtils.sha256Hex(MAPPER.writeValueAsString(input));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot hash cluster values", e);
    }
  }
}
