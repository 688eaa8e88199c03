package io.alloyfleet.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.text.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A rendered branch's {@code rollout.json}: the rollout of a change of the shared layers through
 * this environment, as far as it went. Written in the commit that starts, advances, halts, pauses,
 * resumes, aborts or completes it, so a restarted or newly elected controller reads where it stands
 * from the branch. {@code state} is one the record holds ({@link RolloutState#recorded()}); {@code
 * since} is when the current wave (or state) began; {@code membership} the wave (by index) of each
 * cluster when the rollout started: fixed for the rollout, so a cluster editing its own labels does
 * not move waves (empty in records written before it was kept: then the labels decide, as they
 * did).
 */
public record RolloutRecord(
    String target,
    String targetLayers,
    String from,
    int wave,
    String waveName,
    RolloutState state,
    String reason,
    Instant since,
    int halts,
    SortedMap<String, Integer> membership) {

  public static final String FILE = "rollout.json";

  /** As the publish wrote JSON files before the record moved here: the bytes stay the same. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public RolloutRecord {
    target = orEmpty(target);
    targetLayers = orEmpty(targetLayers);
    from = orEmpty(from);
    waveName = orEmpty(waveName);
    reason = orEmpty(reason);
    java.util.Objects.requireNonNull(state, "state");
    java.util.Objects.requireNonNull(since, "since");
    if (!state.recorded()) {
      throw new IllegalArgumentException("a rollout record is never " + state);
    }
    membership =
        membership == null
            ? Collections.emptySortedMap()
            : Collections.unmodifiableSortedMap(new TreeMap<>(membership));
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

  /** The file's bytes: indented JSON, keys in this order, a final newline. */
  public byte[] toJson() {
    try {
      return (JSON.writeValueAsString(
                  new Wire(
                      target,
                      targetLayers,
                      from,
                      wave,
                      waveName,
                      state.text(),
                      reason,
                      since.toString(),
                      halts,
                      membership))
              + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + this, e);
    }
  }

  /**
   * What a branch's {@code rollout.json} says: its record, or none when it cannot be read; {@code
   * problem}: what was wrong with it, located in the file.
   */
  public record Read(Optional<RolloutRecord> record, Optional<Problem> problem) {}

  /**
   * Reads a {@code rollout.json}. A file that is not JSON, or whose state this version does not
   * know, is no record (the next write replaces it, and a rollout starts again: its waves soak
   * again, none is skipped). A {@code since} that is not a time takes {@code sinceUnreadable} (when
   * the caller first saw it): the wave's progress deadline counts from then, never from the epoch,
   * so a damaged file neither halts a wave at once nor lets it skip its soak.
   */
  public static Read read(byte[] json, Instant sinceUnreadable) {
    Wire wire;
    try {
      wire = JSON.readValue(json, Wire.class);
    } catch (JsonProcessingException e) {
      return unreadable(
          e.getLocation() == null
              ? Location.of(FILE)
              : new Location(FILE, e.getLocation().getLineNr(), e.getLocation().getColumnNr()),
          "",
          "not a rollout record: " + e.getOriginalMessage());
    } catch (IOException e) {
      return unreadable(Location.of(FILE), "", "cannot be read: " + e.getMessage());
    }
    if (wire == null) {
      return unreadable(Location.of(FILE), "", "not a rollout record: empty");
    }
    Optional<RolloutState> state = RolloutState.of(wire.state()).filter(RolloutState::recorded);
    if (state.isEmpty()) {
      return unreadable(
          locate(json, "state"),
          "state",
          "unknown state "
              + Text.quote(String.valueOf(wire.state()))
              + " (progressing, halted, paused, aborted or complete)");
    }
    Optional<Problem> problem = Optional.empty();
    Instant since;
    try {
      since = Instant.parse(String.valueOf(wire.since()));
    } catch (DateTimeParseException e) {
      since = sinceUnreadable;
      problem =
          Optional.of(
              Problem.of(
                  locate(json, "since"),
                  "since",
                  Text.quote(String.valueOf(wire.since()))
                      + " is not a time such as 2026-11-30T10:00:00Z: the wave's progress"
                      + " deadline counts from "
                      + since));
    }
    return new Read(
        Optional.of(
            new RolloutRecord(
                wire.target(),
                wire.targetLayers(),
                wire.from(),
                wire.wave(),
                wire.waveName(),
                state.get(),
                wire.reason(),
                since,
                wire.halts(),
                wire.membership())),
        problem);
  }

  private static Read unreadable(Location location, String path, String message) {
    return new Read(
        Optional.empty(),
        Optional.of(
            Problem.of(
                location, path, message, "the next write of the rollout's record replaces it")));
  }

  /** Where the top-level key {@code field} is in the file; its start when it cannot be found. */
  private static Location locate(byte[] json, String field) {
    try (JsonParser parser = JSON.getFactory().createParser(json)) {
      int depth = 0;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          depth++;
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          depth--;
        } else if (token == JsonToken.FIELD_NAME
            && depth == 1
            && field.equals(parser.currentName())) {
          parser.nextToken(); // the value, where the problem is
          var at = parser.currentTokenLocation();
          return new Location(FILE, at.getLineNr(), at.getColumnNr());
        }
      }
    } catch (IOException e) {
      // read once already: cannot happen; the file's start is still a location
    }
    return Location.of(FILE);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /** The file as JSON holds it: every value as written, checked when read. */
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
  private record Wire(
      String target,
      String targetLayers,
      String from,
      int wave,
      String waveName,
      String state,
      String reason,
      String since,
      int halts,
      SortedMap<String, Integer> membership) {
    Wire {
      target = orEmpty(target);
      targetLayers = orEmpty(targetLayers);
      from = orEmpty(from);
      waveName = orEmpty(waveName);
      state = orEmpty(state);
      reason = orEmpty(reason);
      since = orEmpty(since);
      membership = membership == null ? new TreeMap<>() : new TreeMap<>(membership);
    }
  }
}
