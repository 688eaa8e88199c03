package io.alloyfleet.publish;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A rendered branch's {@code rollout.json}: the rollout of a change of the shared layers through
 * this environment, as far as it went. Written in the commit that starts, advances, halts, pauses,
 * resumes, aborts or completes it, so a restarted or newly elected controller reads where it stands
 * from the branch. {@code state} is one of {@code progressing}, {@code halted}, {@code paused},
 * {@code aborted}, {@code complete}; {@code since} is when the current wave (or state) began.
 */
@JsonPropertyOrder({
  "target",
  "targetLayers",
  "from",
  "wave",
  "waveName",
  "state",
  "reason",
  "since",
  "halts"
})
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutRecord(
    String target,
    String targetLayers,
    String from,
    int wave,
    String waveName,
    String state,
    String reason,
    String since,
    int halts) {

  public static final String FILE = "rollout.json";

  public RolloutRecord {
    target = orEmpty(target);
    targetLayers = orEmpty(targetLayers);
    from = orEmpty(from);
    waveName = orEmpty(waveName);
    state = orEmpty(state);
    reason = orEmpty(reason);
    since = orEmpty(since);
  }

  /** The same record, having halted {@code halts} times. */
  public RolloutRecord withHalts(int halts) {
    return new RolloutRecord(
        target, targetLayers, from, wave, waveName, state, reason, since, halts);
  }

  /** The same record, for another target (a commit and the version of its shared layers). */
  public RolloutRecord toward(String target, String targetLayers) {
    return new RolloutRecord(
        target, targetLayers, from, wave, waveName, state, reason, since, halts);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
