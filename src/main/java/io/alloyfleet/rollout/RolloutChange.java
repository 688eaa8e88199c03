package io.alloyfleet.rollout;

import java.util.List;

/**
 * What one sync did to an environment's rollout, as an operator hears of it: started, a wave
 * advanced, halted (the unhealthy clusters and why), paused, resumed, aborted, complete. {@code
 * line} is the line the rendered commit's message gives it.
 */
public record RolloutChange(
    String environment,
    Kind kind,
    String targetCommit,
    String fromCommit,
    String wave,
    String reason,
    List<RolloutStatus.Unhealthy> unhealthy,
    String line) {

  public RolloutChange {
    unhealthy = List.copyOf(unhealthy);
  }

  public enum Kind {
    STARTED,
    WAVE_ADVANCED,
    HALTED,
    PAUSED,
    RESUMED,
    ABORTED,
    COMPLETED
  }
}
