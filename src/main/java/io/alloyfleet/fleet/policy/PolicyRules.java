package io.alloyfleet.fleet.policy;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.Entry;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.files.Node.ScalarNode;
import io.alloyfleet.fleet.values.ClusterValues;
import io.alloyfleet.fleet.values.ClusterValues.Rule;
import io.alloyfleet.fleet.values.KeyPath;
import io.alloyfleet.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a policy refuses in a cluster's values: locked keys set below their lock, RBAC it may not
 * grant.
 */
public final class PolicyRules {

  private PolicyRules() {}

  /**
   * Problems where {@code layer} sets a locked key, anything under it, or replaces a map above it
   * (with {@code null}, a list or a scalar); each points at the key that tried and names the lock.
   */
  public static void locks(List<Policy.Rule> locks, MapNode layer, List<Problem> out) {
    for (Policy.Rule lock : locks) {
      KeyPath locked = KeyPath.of(lock.value());
      List<String> keys = locked.keys();
      MapNode at = layer;
      for (int i = 0; i < keys.size(); i++) {
        Entry entry = at.entries().get(keys.get(i));
        if (entry == null) {
          break;
        }
        String path = locked.prefix(i + 1).text();
        if (i == keys.size() - 1) {
          out.add(
              Problem.of(
                  entry.keyLocation(),
                  path,
                  lock.value() + " is locked " + lock.cite(),
                  "only the file that locked it, or one above it, may set it"));
          break;
        }
        if (!(entry.value() instanceof MapNode child)) {
          out.add(
              Problem.of(
                  entry.keyLocation(),
                  path,
                  "replacing "
                      + path
                      + " would change "
                      + lock.value()
                      + ", which is locked "
                      + lock.cite(),
                  "set the other keys of " + path + " one by one"));
          break;
        }
        at = child;
      }
    }
  }

  /**
   * Problems where a cluster's own directory sets a platform key ({@link Policy#PLATFORM_KEYS})
   * that the policy does not let teams set: they would choose which Alloy components its text may
   * use, around the policy.
   */
  public static void platformKeys(Policy policy, MapNode cluster, List<Problem> out) {
    List<Problem> found = new ArrayList<>();
    locks(policy.platformKeysLocked(), cluster, found);
    found.stream()
        // A null sets the key back to the schema's default: the strictest, never a way around.
        .filter(p -> cluster.at(p.path()).map(Node::plain).isPresent())
        .forEach(
            p ->
                out.add(
                    !Policy.PLATFORM_KEYS.contains(p.path())
                        ? p
                        : Problem.of(
                            p.location(),
                            p.path(),
                            p.path()
                                + " is a platform key: a cluster's own directory may not set it unless"
                                + " policy.teamsMaySet lists it",
                            "set it in fleet.yaml, an environment file or a group, or ask the platform"
                                + " team to list it in policy.teamsMaySet")));
  }

  /**
   * Additional RBAC rules against what the policy (or, without one, the default policy) refuses.
   */
  public static void rbac(
      ClusterValues values, Policy policy, Function<String, Location> locate, List<Problem> out) {
    boolean wildcards = policy.wildcards().value().equals("true");
    List<Rule> rules = values.rbac().additionalRules();
    for (int r = 0; r < rules.size(); r++) {
      String base = "rbac.additionalRules[" + r + "]";
      Rule rule = rules.get(r);
      List<String> groups = orEmpty(rule.apiGroups());
      List<String> resources = orEmpty(rule.resources());
      List<String> verbs = orEmpty(rule.verbs());
      if (!wildcards) {
        wildcard(groups, base + ".apiGroups", policy, locate, out);
        wildcard(resources, base + ".resources", policy, locate, out);
        wildcard(verbs, base + ".verbs", policy, locate, out);
      }
      for (int i = 0; i < resources.size(); i++) {
        String resource = resources.get(i);
        String path = base + ".resources[" + i + "]";
        for (Policy.Rule forbidden : policy.resourcesForbidden()) {
          if (grants(resource, forbidden.value())) {
            String what =
                resource.equals(forbidden.value())
                    ? Text.quote(resource) + " is forbidden "
                    : Text.quote(resource)
                        + " would grant "
                        + Text.quote(forbidden.value())
                        + ", which is forbidden ";
            out.add(Problem.of(locate.apply(path), path, what + forbidden.cite()));
            break;
          }
        }
      }
      for (int i = 0; i < verbs.size(); i++) {
        String verb = verbs.get(i);
        String path = base + ".verbs[" + i + "]";
        policy.verbsForbidden().stream()
            .filter(f -> f.value().equals(verb) || wildcards && verb.equals("*"))
            .findFirst()
            .ifPresent(
                f ->
                    out.add(
                        Problem.of(
                            locate.apply(path),
                            path,
                            verb.equals(f.value())
                                ? "verb " + Text.quote(verb) + " is forbidden " + f.cite()
                                : "verb "
                                    + Text.quote(verb)
                                    + " includes "
                                    + Text.quote(f.value())
                                    + ", which is forbidden "
                                    + f.cite())));
      }
    }
  }

  private static void wildcard(
      List<String> values,
      String path,
      Policy policy,
      Function<String, Location> locate,
      List<Problem> out) {
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (value.equals("*") || value.endsWith("/*")) {
        String at = path + "[" + i + "]";
        out.add(
            Problem.of(
                locate.apply(at),
                at,
                "wildcard " + Text.quote(value) + " is refused " + policy.wildcards().cite(),
                "name the API groups, resources and verbs the agent needs"));
      }
    }
  }

  /**
   * Whether granting {@code resource} grants {@code forbidden}: itself, its subresources, or a
   * wildcard over either.
   */
  static boolean grants(String resource, String forbidden) {
    if (resource.equals("*")
        || resource.equals(forbidden)
        || resource.startsWith(forbidden + "/")) {
      return true;
    }
    int slash = forbidden.indexOf('/');
    return resource.endsWith("/*")
            && resource
                .substring(0, resource.length() - 2)
                .equals(slash < 0 ? forbidden : forbidden.substring(0, slash))
        || resource.startsWith("*/")
            && slash >= 0
            && resource.substring(2).equals(forbidden.substring(slash + 1));
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }

  /**
   * The Alloy part of a cluster's policy: denied components, and the hosts its own Alloy may send
   * to, which are the policy's or, without any, the hosts of the cluster's endpoints and of the
   * cluster itself ({@link AlloyPolicy#DEFAULT_CLUSTER_HOSTS}).
   */
  public static AlloyPolicy alloy(Policy policy, MapNode merged) {
    List<Policy.Rule> paths = policy.readablePaths().orElse(AlloyPolicy.DEFAULT_READABLE_PATHS);
    if (policy.allowedHosts().isPresent()) {
      return new AlloyPolicy(policy.componentsDenied(), policy.allowedHosts().get(), true, paths);
    }
    List<Policy.Rule> hosts = new ArrayList<>();
    merged.at("endpoints").ifPresent(endpoints -> urls(endpoints, hosts));
    hosts.addAll(AlloyPolicy.DEFAULT_CLUSTER_HOSTS);
    return new AlloyPolicy(policy.componentsDenied(), hosts, false, paths);
  }

  private static void urls(Node node, List<Policy.Rule> hosts) {
    if (node instanceof MapNode map) {
      map.entries()
          .forEach(
              (key, entry) -> {
                if (key.equals("url")
                    && entry.value() instanceof ScalarNode s
                    && s.value() instanceof String url) {
                  Optional<String> host = Hosts.of(url);
                  host.ifPresent(h -> hosts.add(new Policy.Rule("endpoints", h, s.location())));
                } else {
                  urls(entry.value(), hosts);
                }
              });
    }
  }
}
