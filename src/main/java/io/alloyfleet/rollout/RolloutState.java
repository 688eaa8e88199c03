package io.alloyfleet.rollout;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an environment's rollout, or one of its waves, stands. {@code rollout.json} records {@link
 * #PROGRESSING}, {@link #HALTED}, {@link #PAUSED}, {@link #ABORTED} and {@link #COMPLETE}; the
 * status of a rollout adds {@link #IDLE} (nothing to roll out) and {@link #SOAKING} (a healthy wave
 * soaks), and shows an aborted rollout as halted; a wave not reached yet is {@link #WAITING}.
 * Written everywhere (JSON, metrics, the status page) as its lower-case name.
 */
public enum RolloutState {
  IDLE,
  PROGRESSING,
  SOAKING,
  HALTED,
  PAUSED,
  ABORTED,
  COMPLETE,
  WAITING;

  private final String text = name().toLowerCase(Locale.ROOT);

  /** The name as rollout.json, the API, metrics and the status page write it. */
  @JsonValue
  public String text() {
    return text;
  }

  /** Whether {@code rollout.json} may hold this state. */
  public boolean recorded() {
    return switch (this) {
      case PROGRESSING, HALTED, PAUSED, ABORTED, COMPLETE -> true;
      case IDLE, SOAKING, WAITING -> false;
    };
  }

  /** The state written as {@code text}; empty for a name this version does not know. */
  public static Optional<RolloutState> of(String text) {
    return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst();
  }

  @Override
  public String toString() {
    return text;
  }
}
