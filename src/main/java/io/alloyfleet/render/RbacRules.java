package io.alloyfleet.render;

import io.alloyfleet.fleet.values.ClusterValues;
import io.alloyfleet.render.AgentPlan.Rbac;
import io.alloyfleet.render.AgentPlan.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The least privilege each enabled pipeline needs, plus the user's additional rules, minus every
 * excluded resource (so an excluded {@code secrets} is never granted, whatever asks).
 */
final class RbacRules {

  private static final List<String> READ = List.of("get", "list", "watch");

  private RbacRules() {}

  static Rbac plan(ClusterValues v) {
    TreeSet<String> core = new TreeSet<>(Set.of("pods"));
    TreeSet<String> discovery = new TreeSet<>();
    TreeSet<String> apps = new TreeSet<>();
    if (v.logging().enabled()) {
      core.add("pods/log");
    }
    if (v.metrics().enabled()) {
      core.addAll(List.of("services", "endpoints"));
      discovery.add("endpointslices");
    }
    if (v.tracing().enabled()) {
      apps.add("replicasets");
    }
    boolean infrastructure = v.rbac().clusterScoped() && !v.monitoring().applicationOnly();
    if (infrastructure) {
      core.addAll(List.of("nodes", "nodes/proxy", "nodes/metrics", "namespaces", "events"));
    }
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule(List.of(""), List.copyOf(core), READ));
    if (!discovery.isEmpty()) {
      rules.add(new Rule(List.of("discovery.k8s.io"), List.copyOf(discovery), READ));
    }
    if (!apps.isEmpty()) {
      rules.add(new Rule(List.of("apps"), List.copyOf(apps), READ));
    }
    v.rbac()
        .additionalRules()
        .forEach(r -> rules.add(new Rule(r.apiGroups(), r.resources(), r.verbs())));
    Set<String> excluded = Set.copyOf(v.rbac().excludeResources());
    List<Rule> allowed =
        rules.stream()
            .map(
                r ->
                    new Rule(
                        r.apiGroups(),
                        r.resources().stream().filter(res -> !excluded.contains(res)).toList(),
                        r.verbs()))
            .filter(r -> !r.resources().isEmpty())
            .toList();
    List<String> namespaces =
        v.rbac().clusterScoped()
            ? List.of()
            : v.monitoring().namespaces().stream().sorted().toList();
    return new Rbac(v.rbac().clusterScoped(), namespaces, allowed);
  }
}
