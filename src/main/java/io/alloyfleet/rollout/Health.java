package io.alloyfleet.rollout;

/** What the gates say of one cluster of a wave. */
public sealed interface Health {

  Healthy HEALTHY = new Healthy();

  record Healthy() implements Health {}

  /** Not healthy yet (Argo CD still syncing, say): counts against the progress deadline only. */
  record Waiting(String reason) implements Health {}

  /** Unhealthy: counts against {@code maxUnhealthy}. */
  record Unhealthy(String reason) implements Health {}
}
