package io.alloyfleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.fleet.rolloutspec.Rollout;
import io.alloyfleet.fleet.values.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Waves: selectors, percents of those left, the rest; stable for the same clusters. */
class WavesTest {

  static Rollout rollout(Rollout.Wave... waves) {
    return new Rollout(
        List.of(waves), Duration.ZERO, false, Optional.empty(), 0, Duration.ofMinutes(30));
  }

  static Rollout.Wave wave(String name, Map<String, String> selector, OptionalInt percent) {
    return new Rollout.Wave(name, LabelSelector.of(selector), percent, Location.of("fleet.yaml"));
  }

  static SortedMap<String, Map<String, String>> clusters(int count) {
    SortedMap<String, Map<String, String>> labels = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      labels.put("c" + i, i % 10 == 0 ? Map.of("ring", "canary") : Map.of());
    }
    return labels;
  }

  @Test
  void selectorThenPercentOfThoseLeftThenTheRest() {
    List<Waves.Wave> waves =
        Waves.of(
            rollout(
                wave("canary", Map.of("ring", "canary"), OptionalInt.empty()),
                wave("early", Map.of(), OptionalInt.of(25)),
                wave("rest", Map.of(), OptionalInt.empty())),
            clusters(100));
    assertThat(waves).extracting(Waves.Wave::name).containsExactly("canary", "early", "rest");
    assertThat(waves.get(0).clusters())
        .hasSize(10)
        .allMatch(id -> Integer.parseInt(id.substring(1)) % 10 == 0);
    assertThat(waves.get(1).clusters()).hasSize(23); // 25% of 90, rounded up
    assertThat(waves.get(2).clusters()).hasSize(67);
  }

  @Test
  void aPercentTakesAtLeastOneAndClustersNoWaveTakesFormALastWave() {
    List<Waves.Wave> waves =
        Waves.of(rollout(wave("early", Map.of(), OptionalInt.of(1))), clusters(3));
    assertThat(waves).extracting(Waves.Wave::name).containsExactly("early", "rest");
    assertThat(waves.get(0).clusters()).hasSize(1);
    assertThat(waves.get(1).clusters()).hasSize(2);
  }

  @Test
  void theChoiceIsStableAndDoesNotDependOnOtherClusters() {
    Rollout percent = rollout(wave("half", Map.of(), OptionalInt.of(50)));
    assertThat(Waves.of(percent, clusters(40))).isEqualTo(Waves.of(percent, clusters(40)));
    SortedMap<String, Map<String, String>> more = clusters(40);
    more.put("zz-new", Map.of());
    List<String> before = Waves.of(percent, clusters(40)).get(0).clusters();
    List<String> after = Waves.of(percent, more).get(0).clusters();
    assertThat(after).containsAll(before.subList(0, before.size() - 1));
  }

  @Test
  void prometheusPassesOnlyOnSamplesThatAreNotZero() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(PrometheusQuery.verdict(json.readTree("{\"resultType\":\"vector\",\"result\":[]}")))
        .isInstanceOf(Health.Unhealthy.class);
    assertThat(
            PrometheusQuery.verdict(
                json.readTree(
                    "{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"1\"]},{\"value\":[1,\"0\"]}]}")))
        .isEqualTo(new Health.Unhealthy("Prometheus: a sample of the query is 0"));
    assertThat(
            PrometheusQuery.verdict(
                json.readTree("{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"1\"]}]}")))
        .isEqualTo(Health.HEALTHY);
    assertThat(
            PrometheusQuery.verdict(
                json.readTree("{\"resultType\":\"scalar\",\"result\":[1,\"3\"]}")))
        .isEqualTo(Health.HEALTHY);
  }
}
