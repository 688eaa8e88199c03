package io.alloyfleet.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Leader election on Kubernetes Leases, so several replicas run safely ({@code
 * alloy-fleet.leader-election.*}).
 */
@ConfigMapping(prefix = "alloy-fleet.leader-election")
public interface LeaderElectionSettings {
  /** On by default inside Kubernetes, off outside (the demo runs as a single leader). */
  Optional<Boolean> enabled();

  @WithDefault("alloy-fleet")
  String leaseName();

  /**
   * One Lease per environment ({@code <lease-name>-<environment>}) instead of one for all: the
   * replicas share the environments, and a lost replica's environments move to the others.
   */
  @WithDefault("false")
  boolean perEnvironment();

  /** Default: the namespace of the pod (or the client's configured namespace). */
  Optional<String> namespace();

  /** Default: the pod name (HOSTNAME). */
  Optional<String> identity();

  @WithDefault("15s")
  Duration leaseDuration();

  @WithDefault("10s")
  Duration renewDeadline();

  @WithDefault("2s")
  Duration retryPeriod();
}
