package io.alloyfleet.fleet.layers;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.FleetLayout;
import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.Entry;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.files.Node.ScalarNode;
import io.alloyfleet.fleet.policy.Policy;
import io.alloyfleet.fleet.policy.PolicyRules;
import io.alloyfleet.fleet.rolloutspec.RolloutReader;
import io.alloyfleet.fleet.values.Formats;
import io.alloyfleet.fleet.values.Labels;
import io.alloyfleet.fleet.values.ValuesSchema;
import io.alloyfleet.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The layers one cluster's values merge from, in order: {@code fleet.yaml}, its environment file,
 * the groups whose selectors match its labels (ascending priority, then name), its {@code
 * cluster.yaml}. What the loader merges, and what {@code explain} shows value by value.
 *
 * @param unreadable problems of files that could not be read: nothing else is said of the cluster
 * @param problems what the layers do wrong: locked keys set, groups that disagree, bad label keys
 */
public record LayerStack(
    Location clusterFile,
    Optional<String> environment,
    Policy policy,
    List<Named> layers,
    Map<String, String> labels,
    List<String> groupNames,
    List<Problem> unreadable,
    List<Problem> problems) {

  /** One layer and the file it was read from. */
  public record Named(String file, MapNode values) {}

  public static LayerStack of(
      FleetFiles files, String id, SharedLayers shared, List<String> knownEnvironments) {
    String clusterPath = FleetLayout.CLUSTERS + "/" + id + "/cluster.yaml";
    Location fileStart = Location.of(clusterPath);
    List<Problem> unreadable = new ArrayList<>();
    SharedLayers.Layer cluster = SharedLayers.read(files, clusterPath);
    cluster.problem().ifPresent(unreadable::add);
    if (cluster.problem().isEmpty()
        && files.files(FleetLayout.CLUSTERS + "/" + id).stream()
            .noneMatch("cluster.yaml"::equals)) {
      unreadable.add(
          Problem.of(
              fileStart,
              "",
              "missing cluster.yaml",
              "each directory under clusters/ holds one cluster.yaml"));
    }
    for (String link : files.links(FleetLayout.CLUSTERS + "/" + id)) {
      String path = FleetLayout.CLUSTERS + "/" + id + "/" + link;
      unreadable.add(
          Problem.of(Location.of(path), "", refusal(files, path, path), "commit the file itself"));
    }
    cluster
        .policy()
        .ifPresent(
            policy ->
                unreadable.add(
                    Problem.of(
                        policy.keyLocation(),
                        SharedLayers.POLICY,
                        "a policy may be set only in fleet.yaml and environment files",
                        "the platform team owns the policy: ask them to change it")));
    cluster
        .rollout()
        .ifPresent(
            rollout ->
                unreadable.add(
                    Problem.of(
                        rollout.keyLocation(),
                        RolloutReader.ROLLOUT,
                        "a rollout may be set only in fleet.yaml and environment files",
                        "a change to this directory reaches this cluster at once")));
    unreadable.addAll(shared.fleetProblems());
    MapNode fleet = shared.fleet().root();
    // Which environment: the environment file may not change it, so fleet and cluster decide.
    MapNode fleetAndCluster = Layers.merge(fleet, cluster.root());
    Optional<String> environment =
        fleetAndCluster
            .at("cluster.environment")
            .flatMap(ValuesSchema::asString)
            .filter(Formats::isDnsLabel);
    MapNode environmentRoot = new MapNode(fileStart, Map.of());
    Policy policy = shared.fleetPolicy();
    if (environment.isPresent()) {
      String env = environment.get();
      SharedLayers.Environment layer = shared.environment(env);
      unreadable.addAll(layer.problems());
      environmentRoot = layer.layer().root();
      policy = layer.policy();
      if (!knownEnvironments.isEmpty() && !knownEnvironments.contains(env)) {
        Location at =
            fleetAndCluster.at("cluster.environment").map(Node::location).orElse(fileStart);
        unreadable.add(
            Problem.of(
                at,
                "cluster.environment",
                "unknown environment " + Text.quote(env) + " (no environments/" + env + ".yaml)",
                Text.closest(env, knownEnvironments)
                    .map(c -> "did you mean \"" + c + "\"?")
                    .orElse("known environments: " + String.join(", ", knownEnvironments))));
      }
      environmentRoot
          .at("cluster.environment")
          .filter(node -> ValuesSchema.asString(node).filter(env::equals).isEmpty())
          .ifPresent(
              node ->
                  unreadable.add(
                      Problem.of(
                          node.location(),
                          "cluster.environment",
                          "an environment file must not change cluster.environment",
                          null)));
    }

    List<Problem> problems = new ArrayList<>();
    MapNode labelled = Layers.merge(Layers.merge(fleet, environmentRoot), cluster.root());
    Map<String, String> labels = labels(labelled, problems);
    List<Group> matched = shared.groups().stream().filter(g -> g.matches(labels)).toList();
    List<Named> layers = new ArrayList<>();
    layers.add(new Named(FleetLayout.FLEET_FILE, fleet));
    environment.ifPresent(
        env ->
            layers.add(
                new Named(
                    FleetLayout.ENVIRONMENTS + "/" + env + ".yaml",
                    shared.environment(env).layer().root())));
    for (Group group : matched) {
      problems.addAll(group.problems());
      PolicyRules.locks(policy.locked(), group.values(), problems);
      layers.add(new Named(group.file(), group.values()));
    }
    problems.addAll(ambiguities(matched));
    PolicyRules.locks(policy.locked(), cluster.root(), problems);
    PolicyRules.platformKeys(policy, cluster.root(), problems);
    layers.add(new Named(clusterPath, cluster.root()));
    return new LayerStack(
        fileStart,
        environment,
        policy,
        List.copyOf(layers),
        Map.copyOf(labels),
        matched.stream().map(Group::name).toList(),
        List.copyOf(unreadable),
        List.copyOf(problems));
  }

  /**
   * The layers merged over the schema's defaults; {@code cluster.name} defaults to the cluster id.
   */
  public MapNode merged(MapNode defaults) {
    MapNode merged = defaults;
    for (Named layer : layers) {
      merged = Layers.merge(merged, layer.values());
    }
    if (merged.at("cluster.name").isEmpty()) {
      merged = Layers.merge(merged, defaultName());
    }
    return merged;
  }

  /**
   * The layers as explain lists them: the defaults first, and the cluster id as the default name
   * last.
   */
  public List<Named> named(MapNode defaults) {
    List<Named> all = new ArrayList<>();
    all.add(new Named(ValuesSchema.DEFAULTS_FILE, defaults));
    all.addAll(layers);
    all.add(new Named(ValuesSchema.DEFAULTS_FILE, defaultName()));
    return all;
  }

  private MapNode defaultName() {
    Location at = Location.of(ValuesSchema.DEFAULTS_FILE);
    String id = clusterFile.file().split("/")[1];
    return new MapNode(
        at,
        Map.of(
            "cluster",
            new Entry(at, new MapNode(at, Map.of("name", new Entry(at, new ScalarNode(at, id)))))));
  }

  /**
   * The cluster's labels (fleet, environment and cluster layers: groups may not set them); bad keys
   * reported.
   */
  private static Map<String, String> labels(MapNode merged, List<Problem> problems) {
    return Labels.read(merged, "cluster.labels", problems);
  }

  /**
   * Two groups of the same priority that match one cluster and set one key to different values:
   * neither order is right, so it is a problem at both files' lines, not a silent winner.
   */
  private static List<Problem> ambiguities(List<Group> matched) {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < matched.size(); i++) {
      for (int j = i + 1; j < matched.size(); j++) {
        Group first = matched.get(i);
        Group second = matched.get(j);
        if (first.priority() != second.priority()) {
          continue;
        }
        Map<String, Node> a = leaves(first.values());
        leaves(second.values())
            .forEach(
                (path, node) -> {
                  Node other = a.get(path);
                  if (other != null && !java.util.Objects.equals(other.plain(), node.plain())) {
                    problems.add(
                        Problem.of(
                            node.location(),
                            path,
                            first.file()
                                + " and "
                                + second.file()
                                + " (both priority "
                                + first.priority()
                                + ") match this cluster and set "
                                + path
                                + " differently ("
                                + other.location()
                                + ")",
                            "give one group a higher priority, or set the value in one of them only"));
                  }
                });
      }
    }
    return problems;
  }

  /** The values a layer sets, by dotted path: scalars and lists (lists replace whole). */
  public static Map<String, Node> leaves(MapNode map) {
    Map<String, Node> leaves = new LinkedHashMap<>();
    collect(map, "", leaves);
    return leaves;
  }

  private static void collect(Node node, String path, Map<String, Node> out) {
    if (node instanceof MapNode map && !map.entries().isEmpty()) {
      map.entries()
          .forEach(
              (key, entry) -> collect(entry.value(), path.isEmpty() ? key : path + "." + key, out));
    } else if (!path.isEmpty()) {
      out.put(path, node);
    }
  }

  /** Why the source refuses a path under a link, in its own words ("… is a submodule"). */
  public static String refusal(FleetFiles files, String path, String link) {
    try {
      files.read(path);
    } catch (FleetFiles.RefusedFileException e) {
      return e.getMessage();
    }
    return link + " is a symbolic link; links are not followed";
  }
}
