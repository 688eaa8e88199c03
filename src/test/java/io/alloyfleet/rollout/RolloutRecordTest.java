package io.alloyfleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * rollout.json stays readable both ways: a record written before membership was kept loads, a
 * record is written byte for byte as before, and a damaged one is never read as the epoch.
 */
class RolloutRecordTest {

  static final Instant FIRST_SEEN = Instant.parse("2026-12-02T12:00:00Z");

  /** A record as the controller wrote it before the record moved to this package. */
  static final String WRITTEN =
      """
      {
        "target" : "abc",
        "targetLayers" : "v1|0.3.0",
        "from" : "def",
        "wave" : 0,
        "waveName" : "canary",
        "state" : "progressing",
        "reason" : "",
        "since" : "2026-11-30T10:00:00.123456Z",
        "halts" : 0,
        "membership" : {
          "payments-prod" : 0,
          "platform-prod" : 2
        }
      }
      """;

  static RolloutRecord.Read read(String text) {
    return RolloutRecord.read(text.getBytes(StandardCharsets.UTF_8), FIRST_SEEN);
  }

  @Test
  void aRecordWithoutMembershipLoadsWithNone() {
    RolloutRecord old =
        read("""
                {"target":"abc","targetLayers":"v1|0.3.0","from":"def","wave":1,"waveName":"early",
                 "state":"halted","reason":"up is 0","since":"2026-11-30T10:00:00Z","halts":2}
                """)
            .record()
            .orElseThrow();
    assertThat(old.wave()).isEqualTo(1);
    assertThat(old.halts()).isEqualTo(2);
    assertThat(old.state()).isEqualTo(RolloutState.HALTED);
    assertThat(old.since()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    assertThat(old.membership()).isEmpty();
  }

  @Test
  void aRecordIsWrittenByteForByteAsBeforeAndReadBack() {
    RolloutRecord record =
        new RolloutRecord(
            "abc",
            "v1|0.3.0",
            "def",
            0,
            "canary",
            RolloutState.PROGRESSING,
            "",
            Instant.parse("2026-11-30T10:00:00.123456Z"),
            0,
            new TreeMap<>(Map.of("platform-prod", 2, "payments-prod", 0)));
    assertThat(new String(record.toJson(), StandardCharsets.UTF_8)).isEqualTo(WRITTEN);
    RolloutRecord.Read read = read(WRITTEN);
    assertThat(read.problem()).isEmpty();
    assertThat(read.record()).contains(record);
    assertThat(record.withHalts(1).membership()).isEqualTo(record.membership());
  }

  @Test
  void aSinceThatIsNotATimeCountsFromWhenItWasFirstSeenNeverFromTheEpoch() {
    RolloutRecord.Read read = read(WRITTEN.replace("2026-11-30T10:00:00.123456Z", "yesterday"));
    RolloutRecord record = read.record().orElseThrow();
    assertThat(record.since()).isEqualTo(FIRST_SEEN);
    assertThat(record.state())
        .as("the rest of the record stands")
        .isEqualTo(RolloutState.PROGRESSING);
    assertThat(record.wave()).isZero();
    assertThat(read.problem().orElseThrow().formatWarning())
        .isEqualTo(
            "rollout.json:9:13: warning: since: \"yesterday\" is not a time such as"
                + " 2026-11-30T10:00:00Z: the wave's progress deadline counts from"
                + " 2026-12-02T12:00:00Z");
  }

  @Test
  void aStateThisVersionDoesNotKnowIsNoRecordAndSaysWhere() {
    RolloutRecord.Read read = read(WRITTEN.replace("\"progressing\"", "\"soaking\""));
    assertThat(read.record()).isEmpty();
    assertThat(read.problem().orElseThrow().format())
        .startsWith("rollout.json:7:13: error: state: unknown state \"soaking\"");
  }

  @Test
  void aFileThatIsNotJsonIsNoRecordAndSaysWhere() {
    RolloutRecord.Read read = read("{\n  \"target\" : \"abc\",\n  oops\n}\n");
    assertThat(read.record()).isEmpty();
    assertThat(read.problem().orElseThrow().location().line()).isEqualTo(3);
    assertThat(read.problem().orElseThrow().message()).startsWith("not a rollout record: ");
  }

  @Test
  void statesAreWrittenInLowerCase() {
    assertThat(RolloutState.HALTED.text()).isEqualTo("halted");
    assertThat(RolloutState.of("complete")).contains(RolloutState.COMPLETE);
    assertThat(RolloutState.of("Complete")).isEmpty();
  }
}
