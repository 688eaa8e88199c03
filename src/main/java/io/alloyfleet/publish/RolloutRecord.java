package io.alloyfleet.publish;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A rendered branch's {@code rollout.json}: the rollout of a change of the shared layers through
 * this environment, as far as it went. Written in the commit that starts, advances, halts, pauses,
 * resumes, aborts or completes it, so a restarted or newly elected controller reads where it stands
 * from the branch. {@code state} is one of {@code progressing}, {@code halted}, {@code paused},
 * {@code aborted}, {@code complete}; {@code since} is when the current wave (or state) began;
 * {@code membership} the wave (by index) of each cluster when the rollout started: fixed for the
 * rollout, so a cluster editing its own labels does not move waves (empty in records written before
 * it was kept: then the labels decide, as they did).
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
  "halts",
  "membership"
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
    int halts,
    java.util.SortedMap<String, Integer> membership) {

  public static final String FILE = "rollout.json";

  public RolloutRecord {
    target = orEmpty(target);
    targetLayers = orEmpty(targetLayers);
    from = orEmpty(from);
    waveName = orEmpty(waveName);
    state = orEmpty(state);
    reason = orEmpty(reason);
    since = orEmpty(since);
    membership =
        membership == null
            ? java.util.Collections.emptySortedMap()
            : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(membership));
  }

  /** The same record, having halted {@code halts} times. */
  public RolloutRecord withHalts(int halts) {
    return new RolloutRecord(
        target, targetLayers, from, wave, waveName, state, reason, since, halts, membership);
  }

  /** The same record, for another target (a commit and the version of its shared layers). */
  public RolloutRecord toward(String target, String targetLayers) {
    return new RolloutRecord(
        target, targetLayers, from, wave, waveName, state, reason, since, halts, membership);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
