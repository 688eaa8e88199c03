package io.alloyfleet.publish;

import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.RenderedIdentities;
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

  /**
   * Which cluster each branch holds, in which environment and under which name: what a cluster
   * keeps whatever another cluster's directory claims.
   */
  public RenderedIdentities identities() {
    Map<String, RenderedIdentities.Identity> byId = new TreeMap<>();
    branches.forEach(
        (env, branch) ->
            branch
                .clusters()
                .forEach(
                    (id, metadata) ->
                        byId.put(
                            id, new RenderedIdentities.Identity(env, metadata.clusterName()))));
    return new RenderedIdentities(byId);
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
