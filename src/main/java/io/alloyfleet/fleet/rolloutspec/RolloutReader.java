package io.alloyfleet.fleet.rolloutspec;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.Node;
import io.alloyfleet.fleet.files.Node.Entry;
import io.alloyfleet.fleet.files.Node.ListNode;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.values.GoDuration;
import io.alloyfleet.fleet.values.LabelSelector;
import io.alloyfleet.fleet.values.Labels;
import io.alloyfleet.fleet.values.ValuesSchema;
import io.alloyfleet.text.Text;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code rollout} blocks of fleet.yaml and an environment file → that environment's {@link
 * Rollout}. Checked against the schema's {@code $defs/rollout}; every problem is located at the
 * line that caused it.
 */
public final class RolloutReader {

  public static final String ROLLOUT = "rollout";
  static final String ORDER = "order";

  private final ValuesSchema schema;

  public RolloutReader(ValuesSchema schema) {
    this.schema = schema;
  }

  /** A rollout block checked on its own: its values with refused nodes pruned. */
  public Optional<MapNode> check(Optional<Entry> block, boolean fleetFile, List<Problem> problems) {
    if (block.isEmpty()) {
      return Optional.empty();
    }
    Entry entry = block.get();
    if (!(entry.value() instanceof MapNode map)) {
      problems.add(
          Problem.of(
              entry.keyLocation(), ROLLOUT, "expected a mapping (waves, soak, gates, …)", null));
      return Optional.empty();
    }
    ValuesSchema.Checked checked = schema.checkDefinition(ROLLOUT, map, ROLLOUT);
    problems.addAll(checked.problems());
    MapNode values = checked.values();
    if (!fleetFile && map.entries().containsKey(ORDER)) {
      problems.add(
          Problem.of(
              map.entries().get(ORDER).keyLocation(),
              ROLLOUT + "." + ORDER,
              "the order of environments is set in fleet.yaml only",
              "move rollout.order to fleet.yaml"));
    }
    waves(map, problems); // as written: a list with a refused item is pruned whole
    return Optional.of(values);
  }

  /** The order of environments, each known. */
  public List<String> order(Optional<MapNode> fleet, List<String> known, List<Problem> problems) {
    Optional<ListNode> order =
        fleet
            .flatMap(f -> f.get(ORDER))
            .filter(ListNode.class::isInstance)
            .map(ListNode.class::cast);
    if (order.isEmpty()) {
      return List.of();
    }
    List<String> environments = new ArrayList<>();
    for (Node item : order.get().items()) {
      String env = ValuesSchema.asString(item).orElse("");
      if (!known.isEmpty() && !known.contains(env)) {
        problems.add(
            Problem.of(
                item.location(),
                ROLLOUT + "." + ORDER,
                "unknown environment " + Text.quote(env) + " (no environments/" + env + ".yaml)",
                Text.closest(env, known)
                    .map(c -> "did you mean \"" + c + "\"?")
                    .orElse("known environments: " + String.join(", ", known))));
      } else if (environments.contains(env)) {
        problems.add(
            Problem.of(
                item.location(),
                ROLLOUT + "." + ORDER,
                "environment " + Text.quote(env) + " is listed twice",
                null));
      } else {
        environments.add(env);
      }
    }
    return environments;
  }

  /**
   * The rollout of an environment: its file's keys over the fleet's; empty when neither has one.
   */
  public Optional<Rollout> rollout(Optional<MapNode> fleet, Optional<MapNode> environment) {
    if (fleet.isEmpty() && environment.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Node> keys = new LinkedHashMap<>();
    fleet.ifPresent(f -> f.entries().forEach((k, e) -> keys.put(k, e.value())));
    environment.ifPresent(f -> f.entries().forEach((k, e) -> keys.put(k, e.value())));
    List<Rollout.Wave> waves = new ArrayList<>();
    if (keys.get("waves") instanceof ListNode list) {
      for (Node item : list.items()) {
        if (item instanceof MapNode wave) {
          waves.add(wave(wave));
        }
      }
    }
    Optional<Node> gates = Optional.ofNullable(keys.get("gates"));
    Optional<Rollout.PrometheusGate> prometheus =
        gates
            .flatMap(g -> ((MapNode) g).get("prometheus"))
            .map(MapNode.class::cast)
            .flatMap(
                p ->
                    p.get("url")
                        .flatMap(ValuesSchema::asString)
                        .flatMap(
                            url ->
                                p.get("query")
                                    .flatMap(ValuesSchema::asString)
                                    .map(q -> new Rollout.PrometheusGate(URI.create(url), q))));
    boolean argocd =
        gates
            .flatMap(g -> ((MapNode) g).get("argocd"))
            .map(n -> !Boolean.FALSE.equals(n.plain()))
            .orElse(true);
    return Optional.of(
        new Rollout(
            waves,
            GoDuration.of(string(keys.get("soak")).orElse("10m")).value(),
            argocd,
            prometheus,
            Optional.ofNullable(keys.get("maxUnhealthy"))
                .map(n -> ((Number) n.plain()).intValue())
                .orElse(0),
            GoDuration.of(string(keys.get("progressDeadline")).orElse("30m")).value()));
  }

  private static Optional<String> string(Node node) {
    return Optional.ofNullable(node).flatMap(ValuesSchema::asString);
  }

  private static Rollout.Wave wave(MapNode wave) {
    LabelSelector selector =
        wave.get("selector")
            .filter(MapNode.class::isInstance)
            .map(s -> LabelSelector.of(Labels.of((MapNode) s, "", new ArrayList<>())))
            .orElse(LabelSelector.EVERYTHING);
    OptionalInt percent =
        wave.get("percent")
            .map(n -> OptionalInt.of(((Number) n.plain()).intValue()))
            .orElse(OptionalInt.empty());
    return new Rollout.Wave(
        wave.get("name").flatMap(ValuesSchema::asString).orElse(""),
        selector,
        percent,
        wave.location());
  }

  /** Names unique; a wave has a selector or a percent, not both; selector keys are label keys. */
  private static void waves(MapNode rollout, List<Problem> problems) {
    if (!(rollout.get("waves").orElse(null) instanceof ListNode list)) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.items().size(); i++) {
      if (!(list.items().get(i) instanceof MapNode wave)) {
        continue;
      }
      String path = ROLLOUT + ".waves[" + i + "]";
      wave.get("name")
          .flatMap(ValuesSchema::asString)
          .filter(name -> !names.add(name))
          .ifPresent(
              name ->
                  problems.add(
                      Problem.of(
                          wave.get("name").get().location(),
                          path + ".name",
                          "wave " + Text.quote(name) + " is named twice",
                          null)));
      if (wave.entries().containsKey("selector") && wave.entries().containsKey("percent")) {
        problems.add(
            Problem.of(
                wave.entries().get("percent").keyLocation(),
                path + ".percent",
                "a wave has a selector or a percent, not both",
                "split it into two waves"));
      }
      wave.get("selector")
          .filter(MapNode.class::isInstance)
          .map(MapNode.class::cast)
          .ifPresent(
              selector -> {
                if (selector.entries().isEmpty()) {
                  problems.add(
                      Problem.of(
                          selector.location(),
                          path + ".selector",
                          "an empty selector matches every cluster",
                          "name labels, or leave the selector out for \"every cluster left\""));
                }
                Labels.of(selector, path + ".selector", problems);
              });
    }
  }
}
