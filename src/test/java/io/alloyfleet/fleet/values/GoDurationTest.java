package io.alloyfleet.fleet.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alloyfleet.diagnostics.Location;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations read as Go's time.ParseDuration reads them, in the grammar the schema allows. */
class GoDurationTest {

  static Duration parsed(String text) {
    return ((GoDuration.Valid) GoDuration.parse(text)).duration().value();
  }

  @Test
  void readsWhatGoReads() {
    assertThat(parsed("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(parsed("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(parsed("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(parsed("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(parsed("2us")).isEqualTo(Duration.ofNanos(2_000));
    assertThat(parsed("2µs")).isEqualTo(Duration.ofNanos(2_000));
    assertThat(parsed("1m1m")).as("Go adds repeated units").isEqualTo(Duration.ofMinutes(2));
    assertThat(parsed("0s")).isEqualTo(Duration.ZERO);
    assertThat(parsed("0.1s")).as("exact, not a double").isEqualTo(Duration.ofMillis(100));
    assertThat(parsed("1.9ns"))
        .as("a fraction of a nanosecond is dropped")
        .isEqualTo(Duration.ofNanos(1));
    assertThat(parsed("2562047h47m16.854775807s")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Test
  void refusesWhatTheSchemaDoesNotAllow() {
    for (String text : new String[] {"", "30", "0", "-5s", "+5s", ".5s", "5.s", "1d", "1 s", "s"}) {
      assertThat(GoDuration.parse(text)).as(text).isEqualTo(new GoDuration.Invalid(text, false));
    }
    GoDuration.Invalid tooLong = (GoDuration.Invalid) GoDuration.parse("2562048h");
    assertThat(tooLong.outOfRange()).isTrue();
    assertThat(tooLong.message("a duration"))
        .isEqualTo("\"2562048h\" is out of range (at most 2562047h47m16.854775807s)");
    assertThat(
            ((GoDuration.Invalid) GoDuration.parse("soon"))
                .problem(new Location("fleet.yaml", 3, 9), "rollout.soak", "a duration")
                .format())
        .isEqualTo("fleet.yaml:3:9: error: rollout.soak: \"soon\" is not a duration");
    assertThatThrownBy(() -> GoDuration.of("soon")).hasMessage("not a duration: soon");
  }

  @Test
  void formatsLargestUnitsFirst() {
    assertThat(GoDuration.of("30m").format()).isEqualTo("30m");
    assertThat(GoDuration.of("90m").format()).isEqualTo("1h30m");
    assertThat(GoDuration.of("500ms").format()).isEqualTo("0.5s");
    assertThat(GoDuration.of("0s").format()).isEqualTo("0s");
    assertThat(GoDuration.parse(GoDuration.of("1h30m15.5s").format()))
        .isEqualTo(GoDuration.parse("1h30m15.5s"));
  }

  @Test
  void theSchemaFormatsKeepTheirMessages() {
    assertThat(Formats.check("duration", "10"))
        .contains("\"10\" is not a duration such as 30s, 2m or 1h30m");
    assertThat(Formats.check("duration", "0s")).contains("a duration must be greater than zero");
    assertThat(Formats.check("wait", "0s")).isEmpty();
    assertThat(Formats.check("wait", "x"))
        .contains("\"x\" is not a duration such as 0s, 30s, 10m or 1h30m");
    assertThat(Formats.check("duration", "1".repeat(32) + "s")).isPresent();
  }
}
