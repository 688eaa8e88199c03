package io.alloyfleet.fleet.layers;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.FleetFiles.RefusedFileException;
import io.alloyfleet.fleet.files.FleetLayout;
import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.Entry;
import io.alloyfleet.fleet.files.Node.ListNode;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.files.YamlReader;
import io.alloyfleet.fleet.policy.Policy;
import io.alloyfleet.fleet.policy.PolicyRules;
import io.alloyfleet.fleet.rolloutspec.Rollout;
import io.alloyfleet.fleet.rolloutspec.RolloutReader;
import io.alloyfleet.fleet.values.ValuesSchema;
import io.alloyfleet.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layers every cluster of a load shares: {@code fleet.yaml} and the environment files, each
 * read once, with their {@code policy} blocks taken out of the values and resolved into each
 * environment's {@link Policy}. Environments are read as clusters ask for them, from any core.
 */
public final class SharedLayers {

  static final String POLICY = "policy";

  /**
   * A values file read as a layer: its values (empty when absent), the problem that made it
   * unreadable, its policy block.
   */
  record Layer(
      MapNode root, Optional<Problem> problem, Optional<Entry> policy, Optional<Entry> rollout) {
    static Layer empty(String path, Optional<Problem> problem) {
      return new Layer(
          new MapNode(Location.of(path), Map.of()), problem, Optional.empty(), Optional.empty());
    }
  }

  /**
   * An environment's layer, the policy its clusters live under, its rollout, and the problems of
   * its policy and rollout.
   */
  public record Environment(
      Layer layer, Policy policy, Optional<Rollout> rollout, List<Problem> problems) {}

  private final FleetFiles files;
  private final ValuesSchema schema;
  private final Layer fleet;
  private final Policy fleetPolicy;
  private final List<Problem> fleetProblems = new ArrayList<>();
  private final Map<String, Environment> environments = new ConcurrentHashMap<>();
  private final List<Group> groups;
  private final RolloutReader rollouts;
  private final Optional<MapNode> fleetRollout;
  private final List<String> order;

  public SharedLayers(FleetFiles files, ValuesSchema schema, List<String> knownEnvironments) {
    this.files = files;
    this.schema = schema;
    this.fleet = read(files, FleetLayout.FLEET_FILE);
    fleet.problem().ifPresent(fleetProblems::add);
    this.fleetPolicy = policy(fleet, fleetProblems);
    this.rollouts = new RolloutReader(schema);
    this.fleetRollout = rollouts.check(fleet.rollout(), true, fleetProblems);
    this.order = rollouts.order(fleetRollout, knownEnvironments, fleetProblems);
    GroupReader.Groups read = new GroupReader(schema).read(files);
    fleetProblems.addAll(read.problems());
    this.groups = read.groups().stream().sorted(Group.MERGE_ORDER).toList();
  }

  /** The groups that could be read, in merge order. */
  public List<Group> groups() {
    return groups;
  }

  Layer fleet() {
    return fleet;
  }

  /**
   * Problems of fleet.yaml (unreadable, or a policy that is wrong) and of group files that cannot
   * say which clusters they feed: every cluster has them.
   */
  List<Problem> fleetProblems() {
    return fleetProblems;
  }

  /** The fleet's policy for a cluster whose environment is unknown. */
  Policy fleetPolicy() {
    return fleetPolicy.tightenedBy(Policy.NONE, new ArrayList<>());
  }

  public Environment environment(String name) {
    return environments.computeIfAbsent(
        name,
        env -> {
          Layer layer = read(files, FleetLayout.ENVIRONMENTS + "/" + env + ".yaml");
          List<Problem> problems = new ArrayList<>();
          layer.problem().ifPresent(problems::add);
          Policy own = policy(layer, problems);
          Policy effective = fleetPolicy.tightenedBy(own, problems);
          PolicyRules.locks(fleetPolicy.locked(), layer.root(), problems);
          Optional<Rollout> rollout =
              rollouts.rollout(fleetRollout, rollouts.check(layer.rollout(), false, problems));
          return new Environment(layer, effective, rollout, List.copyOf(problems));
        });
  }

  /** Reads a values file; its {@code policy} key is kept apart from its values. */
  static Layer read(FleetFiles files, String path) {
    try {
      Optional<String> text = files.read(path);
      if (text.isEmpty()) {
        return Layer.empty(path, Optional.empty());
      }
      return switch (YamlReader.read(path, text.get())) {
        case YamlReader.Result.Read read -> withoutPolicy((MapNode) read.root());
        case YamlReader.Result.Unreadable bad -> Layer.empty(path, Optional.of(bad.problem()));
      };
    } catch (RefusedFileException e) {
      return Layer.empty(path, Optional.of(Problem.of(Location.of(path), "", e.getMessage())));
    }
  }

  /** The layer's values without its {@code policy} and {@code rollout} blocks, kept apart. */
  private static Layer withoutPolicy(MapNode root) {
    Entry policy = root.entries().get(POLICY);
    Entry rollout = root.entries().get(RolloutReader.ROLLOUT);
    if (policy == null && rollout == null) {
      return new Layer(root, Optional.empty(), Optional.empty(), Optional.empty());
    }
    Map<String, Entry> values = new LinkedHashMap<>(root.entries());
    values.remove(POLICY);
    values.remove(RolloutReader.ROLLOUT);
    return new Layer(
        new MapNode(root.location(), values),
        Optional.empty(),
        Optional.ofNullable(policy),
        Optional.ofNullable(rollout));
  }

  /**
   * The version of what the shared layers give a cluster of {@code environment}: fleet.yaml and the
   * environment file (their values and policies, not their rollout blocks, comments or layout) and
   * the groups. Equal versions, equal shared layers: a rollout starts when it changes.
   */
  public static String version(FleetFiles files, String environment) {
    StringBuilder text = new StringBuilder();
    for (String path :
        List.of(FleetLayout.FLEET_FILE, FleetLayout.ENVIRONMENTS + "/" + environment + ".yaml")) {
      Layer layer = read(files, path);
      if (layer.problem().isPresent()) {
        text.append(path).append(" unreadable ").append(files.version(path).orElse("-"));
      } else {
        text.append(Text.canonicalJson(layer.root().plain()))
            .append('|')
            .append(layer.policy().map(p -> Text.canonicalJson(p.value().plain())).orElse("-"));
      }
      text.append('\n');
    }
    text.append(files.version(Group.DIRECTORY).orElse("-"));
    files.links(Group.DIRECTORY).forEach(link -> text.append("|link:").append(link));
    return org.apache.commons.codec.digest.DigestUtils.sha256Hex(text.toString());
  }

  /** The order of environments for rollouts (fleet.yaml's {@code rollout.order}). */
  public List<String> order() {
    return order;
  }

  /**
   * The layer's policy block, checked against the schema's {@code $defs/policy}; its problems go to
   * {@code problems}.
   */
  private Policy policy(Layer layer, List<Problem> problems) {
    if (layer.policy().isEmpty()) {
      return Policy.NONE;
    }
    Entry entry = layer.policy().get();
    if (!(entry.value() instanceof MapNode block)) {
      problems.add(
          Problem.of(entry.keyLocation(), POLICY, "expected a mapping (locked, rbac, alloy)"));
      return Policy.NONE;
    }
    ValuesSchema.Checked checked = schema.checkDefinition(POLICY, block, POLICY);
    problems.addAll(checked.problems());
    checked
        .values()
        .at("locked")
        .filter(ListNode.class::isInstance)
        .map(ListNode.class::cast)
        .ifPresent(
            locked -> {
              for (Node item : locked.items()) {
                ValuesSchema.asString(item)
                    .filter(path -> !schema.knows(path))
                    .ifPresent(
                        path ->
                            problems.add(
                                Problem.of(
                                    item.location(),
                                    "policy.locked",
                                    "unknown key path " + Text.quote(path),
                                    "lock a key of the values format, e.g. rbac.excludeResources")));
              }
            });
    return Policy.read(checked.values());
  }
}
