package io.alloyfleet.fleet;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the rendered branches say each cluster is: the environment it is rendered in and the {@code
 * cluster.name} it was rendered under (empty for a render older than this record). Identity is
 * decided once: a cluster keeps what it holds here, whatever another cluster's directory claims.
 */
public record RenderedIdentities(Map<String, Identity> byId) {

  /** No cluster rendered yet (a new fleet, the CLI, a preview). */
  public static final RenderedIdentities NONE = new RenderedIdentities(Map.of());

  /** One rendered cluster: its environment, and its name (empty when not recorded). */
  public record Identity(String environment, String name) {}

  public RenderedIdentities {
    byId = Map.copyOf(new TreeMap<>(byId));
  }

  public Optional<Identity> of(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Each recorded name and the one cluster rendered under it (a name two hold is left out). */
  Map<String, String> holders() {
    Map<String, String> holders = new java.util.HashMap<>();
    java.util.Set<String> shared = new java.util.HashSet<>();
    byId.forEach(
        (id, identity) -> {
          if (!identity.name().isEmpty() && holders.putIfAbsent(identity.name(), id) != null) {
            shared.add(identity.name());
          }
        });
    holders.keySet().removeAll(shared);
    return holders;
  }
}
