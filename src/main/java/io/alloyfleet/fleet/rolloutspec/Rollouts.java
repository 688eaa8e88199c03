package io.alloyfleet.fleet.rolloutspec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rollouts of a fleet: the order environments are promoted in, and each environment's rollout
 * (an environment without one takes every change at once).
 */
public record Rollouts(List<String> order, Map<String, Rollout> byEnvironment) {

  public static final Rollouts NONE = new Rollouts(List.of(), Map.of());

  public Rollouts {
    order = List.copyOf(order);
    byEnvironment = java.util.Collections.unmodifiableMap(new TreeMap<>(byEnvironment));
  }

  public Optional<Rollout> of(String environment) {
    return Optional.ofNullable(byEnvironment.get(environment));
  }

  /** The environments that must complete a change before {@code environment} starts it. */
  public List<String> before(String environment) {
    int at = order.indexOf(environment);
    return at <= 0 ? List.of() : order.subList(0, at);
  }

  /** The environments after {@code environment} in the order. */
  public List<String> after(String environment) {
    int at = order.indexOf(environment);
    return at < 0 ? List.of() : order.subList(at + 1, order.size());
  }

  public boolean isEmpty() {
    return byEnvironment.isEmpty();
  }
}
