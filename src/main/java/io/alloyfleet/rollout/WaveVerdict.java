package io.alloyfleet.rollout;

import io.alloyfleet.fleet.rolloutspec.Rollout;
import io.alloyfleet.fleet.values.GoDuration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a wave's gates say of it: too many unhealthy clusters or a missed deadline halt the rollout;
 * clusters not ready yet make it wait; all healthy, it may go on (after its soak).
 */
sealed interface WaveVerdict {

  /** The wave's unhealthy clusters, with why. */
  List<RolloutStatus.Unhealthy> unhealthy();

  record Halt(String reason, List<RolloutStatus.Unhealthy> unhealthy) implements WaveVerdict {}

  record Wait(String reason, List<RolloutStatus.Unhealthy> unhealthy) implements WaveVerdict {}

  record Healthy(List<RolloutStatus.Unhealthy> unhealthy) implements WaveVerdict {}

  /** {@code since}: when the wave started, for its progress deadline. */
  static WaveVerdict of(
      Rollout rollout, Waves.Wave wave, Map<String, Health> health, Instant since, Instant now) {
    List<RolloutStatus.Unhealthy> unhealthy =
        health.entrySet().stream()
            .filter(e -> e.getValue() instanceof Health.Unhealthy)
            .map(
                e ->
                    new RolloutStatus.Unhealthy(
                        e.getKey(), ((Health.Unhealthy) e.getValue()).reason()))
            .toList();
    if (unhealthy.size() > rollout.maxUnhealthy()) {
      return new Halt(
          "wave "
              + wave.name()
              + ": "
              + unhealthy.size()
              + " unhealthy cluster(s), at most "
              + rollout.maxUnhealthy()
              + " allowed ("
              + unhealthy.get(0).cluster()
              + ": "
              + unhealthy.get(0).reason()
              + ")",
          unhealthy);
    }
    List<Map.Entry<String, Health>> waiting =
        health.entrySet().stream().filter(e -> e.getValue() instanceof Health.Waiting).toList();
    if (waiting.isEmpty()) {
      return new Healthy(unhealthy);
    }
    String first =
        waiting.get(0).getKey() + ": " + ((Health.Waiting) waiting.get(0).getValue()).reason();
    if (now.isAfter(since.plus(rollout.progressDeadline()))) {
      return new Halt(
          "wave "
              + wave.name()
              + " not healthy within "
              + new GoDuration(rollout.progressDeadline()).format()
              + ": "
              + waiting.size()
              + " cluster(s) not ready ("
              + first
              + ")",
          unhealthy);
    }
    return new Wait("waits for wave " + wave.name() + " to be healthy (" + first + ")", unhealthy);
  }
}
