package io.alloyfleet.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** rollout.json stays readable both ways: a record written before membership was kept loads. */
class RolloutRecordTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRecordWithoutMembershipLoadsWithNone() throws Exception {
    RolloutRecord old =
        JSON.readValue(
            """
            {"target":"abc","targetLayers":"v1|0.3.0","from":"def","wave":1,"waveName":"early",
             "state":"halted","reason":"up is 0","since":"2026-11-30T10:00:00Z","halts":2}
            """,
            RolloutRecord.class);
    assertThat(old.wave()).isEqualTo(1);
    assertThat(old.halts()).isEqualTo(2);
    assertThat(old.membership()).isEmpty();
  }

  @Test
  void membershipIsWrittenAndReadBack() throws Exception {
    RolloutRecord record =
        new RolloutRecord(
            "abc",
            "v1",
            "def",
            0,
            "canary",
            "progressing",
            "",
            "now",
            0,
            new TreeMap<>(Map.of("payments-prod", 0, "platform-prod", 2)));
    String text = JSON.writeValueAsString(record);
    assertThat(text).contains("\"membership\":{\"payments-prod\":0,\"platform-prod\":2}");
    assertThat(JSON.readValue(text, RolloutRecord.class)).isEqualTo(record);
    assertThat(record.withHalts(1).membership()).isEqualTo(record.membership());
  }
}
