package io.alloyfleet.rollout;

import java.util.List;

/**
 * Where the rollout of one environment stands, as {@code GET /api/rollouts} shows it. {@code state}
 * is {@code idle}, {@code progressing}, {@code soaking}, {@code halted}, {@code paused} or {@code
 * complete} (an aborted rollout is halted, its reason says so); {@code since} is when its current
 * wave or state began (ISO-8601, empty when idle).
 */
public record RolloutStatus(
    String environment,
    RolloutState state,
    String targetCommit,
    String fromCommit,
    WaveRef wave,
    List<WaveStatus> waves,
    String since,
    String reason,
    List<Unhealthy> unhealthy,
    int pending) {

  public RolloutStatus {
    waves = List.copyOf(waves);
    unhealthy = List.copyOf(unhealthy);
  }

  /** The current wave. */
  public record WaveRef(int index, String name) {}

  /** A wave, its clusters, and its state: complete, the rollout's state, or waiting. */
  public record WaveStatus(String name, List<String> clusters, RolloutState state) {
    public WaveStatus {
      clusters = List.copyOf(clusters);
    }
  }

  public record Unhealthy(String cluster, String reason) {}

  /** One cluster in its environment's rollout. */
  public record ClusterRollout(String wave, String sharedLayersCommit, boolean pending) {}

  public static RolloutStatus idle(String environment, List<WaveStatus> waves) {
    return new RolloutStatus(
        environment, RolloutState.IDLE, "", "", new WaveRef(-1, ""), waves, "", "", List.of(), 0);
  }
}
