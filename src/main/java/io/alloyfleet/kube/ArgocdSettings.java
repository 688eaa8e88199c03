package io.alloyfleet.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Optional: ask Argo CD to refresh changed clusters' Applications, and show their status ({@code
 * alloy-fleet.argocd.*}).
 */
@ConfigMapping(prefix = "alloy-fleet.argocd")
public interface ArgocdSettings {

  @WithDefault("false")
  boolean enabled();

  /** The namespace Argo CD's Applications live in. */
  @WithDefault("argocd")
  String namespace();

  /**
   * Find a cluster's Application by this label (value: the cluster id); unset: match repo, branch
   * and path.
   */
  Optional<String> clusterLabel();
}
