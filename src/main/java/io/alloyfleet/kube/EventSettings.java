package io.alloyfleet.kube;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * Kubernetes Events ({@code alloy-fleet.events.*}): written to the controller's own namespace,
 * about its Pod or a cluster's Argo CD Application. The Deployment sets all three from the downward
 * API ({@code POD_NAMESPACE}, {@code POD_NAME}, {@code POD_UID}); without a namespace and a Pod
 * name (outside Kubernetes) no Event is written.
 */
@ConfigMapping(prefix = "alloy-fleet.events")
public interface EventSettings {

  /** The controller's namespace, where its Events go. */
  Optional<String> namespace();

  /**
   * The controller's Pod: what an Event not about a cluster is about, and its reporting instance.
   */
  Optional<String> podName();

  /** The Pod's uid, so {@code kubectl describe pod} lists the Events. */
  Optional<String> podUid();
}
