package io.alloyfleet.publish;

import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.render.RenderHash;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The rendered branches of every environment as last fetched. */
public record Destination(Map<String, RenderedBranch> branches) {

  public Destination {
    branches = new TreeMap<>(branches);
  }

  /** Only the branches of these environments. */
  public Destination only(java.util.function.Predicate<String> environments) {
    Map<String, RenderedBranch> kept = new TreeMap<>();
    branches.forEach(
        (env, branch) -> {
          if (environments.test(env)) {
            kept.put(env, branch);
          }
        });
    return new Destination(kept);
  }

  public Optional<RenderedBranch> branch(String environment) {
    return Optional.ofNullable(branches.get(environment));
  }

  /** True when the cluster's branch already holds a render of exactly these values. */
  public boolean isCurrent(ClusterSpec spec) {
    return branch(spec.environment())
        .map(
            b ->
                b.clusters().containsKey(spec.id())
                    && RenderHash.of(spec).equals(b.clusters().get(spec.id()).renderHash()))
        .orElse(false);
  }
}
