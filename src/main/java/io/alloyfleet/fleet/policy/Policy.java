package io.alloyfleet.fleet.policy;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.ListNode;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.values.ValuesSchema;
import io.alloyfleet.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The platform team's guardrails, from the {@code policy} block of {@code fleet.yaml} and of an
 * environment file: what a layer below may not set ({@code locked}), what the agent may never be
 * granted ({@code rbac}), and what a team's Alloy may not use or reach ({@code alloy}). Every value
 * remembers the line that wrote it, so a refusal names the policy line behind it. Settings a block
 * leaves out are empty here; {@link #tightenedBy} fills in the defaults.
 */
public record Policy(
    List<Rule> locked,
    Optional<List<Rule>> forbiddenResources,
    Optional<List<Rule>> forbiddenVerbs,
    Optional<Rule> allowWildcards,
    Optional<List<Rule>> deniedComponents,
    Optional<List<Rule>> allowedHosts,
    Optional<List<Rule>> readablePaths,
    Optional<List<Rule>> teamsMaySet,
    Optional<List<Rule>> admitsClustersFrom) {

  /**
   * Keys only the platform sets (fleet.yaml, an environment file, a group) unless {@code
   * policy.teamsMaySet} lists them: they choose which Alloy components a team's text may use.
   */
  public static final List<String> PLATFORM_KEYS =
      List.of("agent.stabilityLevel", "agent.communityComponents");

  static final String TEAMS_MAY_SET = "policy.teamsMaySet";

  /** What applies with no policy at all: no wildcards, none of the verbs that escalate. */
  static final Location DEFAULT = Location.of("(default policy)");

  static final List<String> ESCALATING_VERBS = List.of("bind", "escalate", "impersonate");

  static final String WILDCARDS = "policy.rbac.allowWildcards";

  public static final Policy NONE =
      new Policy(
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  /** One value of a policy, the key it was written under and where. */
  public record Rule(String key, String value, Location location) {
    /**
     * How a problem names the policy line that refused it: {@code by fleet.yaml:12:7:
     * policy.alloy.deniedComponents}.
     */
    public String cite() {
      return location.file().startsWith("(")
          ? "by the default policy (" + key + ")"
          : "by " + location + ": " + key;
    }
  }

  /** Reads a policy block that passed the schema's {@code $defs/policy}. */
  public static Policy read(MapNode block) {
    return new Policy(
        list(block, "locked").orElse(List.of()),
        list(block, "rbac.forbiddenResources"),
        list(block, "rbac.forbiddenVerbs"),
        block
            .at("rbac.allowWildcards")
            .map(n -> new Rule(WILDCARDS, String.valueOf(n.plain()), n.location())),
        list(block, "alloy.deniedComponents"),
        list(block, "alloy.allowedHosts"),
        list(block, "alloy.readablePaths"),
        list(block, "teamsMaySet"),
        list(block, "admitsClustersFrom"));
  }

  private static Optional<List<Rule>> list(MapNode block, String path) {
    Optional<Node> node = block.at(path);
    if (node.isEmpty() || !(node.get() instanceof ListNode items)) {
      return Optional.empty();
    }
    List<Rule> rules = new ArrayList<>();
    for (Node item : items.items()) {
      ValuesSchema.asString(item)
          .ifPresent(text -> rules.add(new Rule("policy." + path, text, item.location())));
    }
    return Optional.of(List.copyOf(rules));
  }

  /**
   * The policy of an environment: this (the fleet's) tightened by the environment's block. Lists of
   * what is forbidden add up; wildcards stay refused where the fleet refuses them; the
   * environment's allowed hosts must be among the fleet's. An attempt to loosen is a problem at the
   * environment's line, and the fleet's setting stays.
   */
  public Policy tightenedBy(Policy environment, List<Problem> problems) {
    Rule wildcards = allowWildcards.orElse(new Rule(WILDCARDS, "false", DEFAULT));
    if (environment.allowWildcards.isPresent()) {
      Rule asked = environment.allowWildcards.get();
      if (asked.value().equals("true") && !wildcards.value().equals("true")) {
        problems.add(
            Problem.of(
                asked.location(),
                "policy.rbac.allowWildcards",
                "an environment may only tighten the fleet's policy: wildcards are refused "
                    + wildcards.cite()));
      } else {
        wildcards = asked;
      }
    }
    Optional<List<Rule>> hosts = allowedHosts;
    if (environment.allowedHosts.isPresent()) {
      List<Rule> kept = new ArrayList<>();
      for (Rule host : environment.allowedHosts.get()) {
        if (allowedHosts.isPresent()
            && allowedHosts.get().stream().noneMatch(h -> Hosts.matches(h.value(), host.value()))) {
          problems.add(
              Problem.of(
                  host.location(),
                  "policy.alloy.allowedHosts",
                  "an environment may only tighten the fleet's policy: "
                      + Text.quote(host.value())
                      + " is not among the fleet's allowed hosts ("
                      + allowedHosts.get().get(0).location()
                      + ": policy.alloy.allowedHosts)"));
        } else {
          kept.add(host);
        }
      }
      hosts = Optional.of(List.copyOf(kept));
    }
    Optional<List<Rule>> paths = readablePaths;
    if (environment.readablePaths.isPresent()) {
      List<Rule> kept = new ArrayList<>();
      List<Rule> fleet = readablePaths.orElse(AlloyPolicy.DEFAULT_READABLE_PATHS);
      for (Rule path : environment.readablePaths.get()) {
        if (fleet.stream().noneMatch(p -> AlloyPolicy.readable(p.value(), path.value()))) {
          problems.add(
              Problem.of(
                  path.location(),
                  "policy.alloy.readablePaths",
                  "an environment may only tighten the fleet's policy: "
                      + Text.quote(path.value())
                      + " is not among the fleet's readable paths ("
                      + fleet.get(0).cite().replaceFirst("^by ", "")
                      + ")"));
        } else {
          kept.add(path);
        }
      }
      paths = Optional.of(List.copyOf(kept));
    }
    Optional<List<Rule>> maySet = teamsMaySet;
    if (environment.teamsMaySet.isPresent()) {
      List<Rule> kept = new ArrayList<>();
      for (Rule key : environment.teamsMaySet.get()) {
        if (teamsMaySet.orElse(List.of()).stream().noneMatch(k -> k.value().equals(key.value()))) {
          problems.add(
              Problem.of(
                  key.location(),
                  TEAMS_MAY_SET,
                  "an environment may only tighten the fleet's policy: the fleet does not let"
                      + " teams set "
                      + key.value()));
        } else {
          kept.add(key);
        }
      }
      maySet = Optional.of(List.copyOf(kept));
    }
    List<Rule> locks = new ArrayList<>(locked);
    locks.addAll(environment.locked);
    return new Policy(
        List.copyOf(locks),
        Optional.of(
            union(
                forbiddenResources.orElse(List.of()),
                environment.forbiddenResources.orElse(List.of()))),
        Optional.of(union(effectiveForbiddenVerbs(), environment.forbiddenVerbs.orElse(List.of()))),
        Optional.of(wildcards),
        Optional.of(
            union(
                deniedComponents.orElse(List.of()),
                environment.deniedComponents.orElse(List.of()))),
        hosts,
        paths,
        maySet,
        environment.admitsClustersFrom.isPresent()
            ? environment.admitsClustersFrom
            : admitsClustersFrom);
  }

  private List<Rule> effectiveForbiddenVerbs() {
    return forbiddenVerbs.orElseGet(
        () ->
            ESCALATING_VERBS.stream()
                .map(v -> new Rule("policy.rbac.forbiddenVerbs", v, DEFAULT))
                .toList());
  }

  private static List<Rule> union(List<Rule> first, List<Rule> second) {
    Map<String, Rule> byValue = new LinkedHashMap<>();
    first.forEach(r -> byValue.putIfAbsent(r.value(), r));
    second.forEach(r -> byValue.putIfAbsent(r.value(), r));
    return List.copyOf(byValue.values());
  }

  /** Resources that additional RBAC rules may not grant. */
  public List<Rule> resourcesForbidden() {
    return forbiddenResources.orElse(List.of());
  }

  public List<Rule> verbsForbidden() {
    return effectiveForbiddenVerbs();
  }

  /** The rule that allows or refuses wildcards (the default refuses them). */
  public Rule wildcards() {
    return allowWildcards.orElse(new Rule(WILDCARDS, "false", DEFAULT));
  }

  /**
   * The platform keys a cluster's own directory may not set here, each as the rule that refuses it:
   * those {@code policy.teamsMaySet} does not list.
   */
  List<Rule> platformKeysLocked() {
    List<String> allowed = teamsMaySet.orElse(List.of()).stream().map(Rule::value).toList();
    return PLATFORM_KEYS.stream()
        .filter(key -> !allowed.contains(key))
        .map(key -> new Rule(TEAMS_MAY_SET, key, DEFAULT))
        .toList();
  }

  /**
   * True when a cluster already rendered in {@code environment} may move here: this environment's
   * {@code policy.admitsClustersFrom} lists it (or {@code "*"}).
   */
  public boolean admitsClustersFrom(String environment) {
    return admitsClustersFrom.orElse(List.of()).stream()
        .anyMatch(r -> r.value().equals(environment) || r.value().equals("*"));
  }

  public List<Rule> componentsDenied() {
    return deniedComponents.orElse(List.of());
  }

  /** The values alone, in a stable order: what a cluster's render hash includes. */
  public String fingerprint() {
    return String.join(
            "|",
            values(locked),
            values(resourcesForbidden()),
            values(verbsForbidden()),
            wildcards().value(),
            values(componentsDenied()),
            allowedHosts.map(Policy::values).orElse("-"))
        // added last and only when set, so the hash of a policy without it is unchanged
        + readablePaths.map(paths -> "|" + values(paths)).orElse("");
  }

  private static String values(List<Rule> rules) {
    return rules.stream().map(Rule::value).sorted().collect(Collectors.joining(","));
  }
}
