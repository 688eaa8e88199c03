package io.alloyfleet.fleet.rolloutspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.fleet.layers.GroupsTest;
import io.alloyfleet.fleet.values.ValuesSchema;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rollout block: read from fleet.yaml and environment files, validated like every value. */
class RolloutValuesTest {

  final FleetLoader loader = new FleetLoader(ValuesSchema.load());

  static MemoryFiles fleet(String rollout) {
    return GroupsTest.fleet()
        .with("fleet.yaml", GroupsTest.FLEET + rollout)
        .with("environments/staging.yaml", "");
  }

  static List<String> problems(Fleet fleet) {
    return GroupsTest.problems(fleet, "weu-large");
  }

  @Test
  void aRolloutIsReadWithItsDefaultsAndAnEnvironmentReplacesKeys() {
    Fleet loaded =
        loader.load(
            fleet(
                    """
                    rollout:
                      order: [staging, production]
                      waves:
                        - {name: canary, selector: {tier: small}}
                        - {name: early, percent: 25}
                        - {name: rest}
                      gates:
                        prometheus: {url: "https://prometheus.example.com", query: 'up{cluster="{cluster}"} == 1'}
                    """)
                .with(
                    "environments/production.yaml",
                    "metrics:\n  scrapeInterval: 45s\nrollout:\n  soak: 1h30m\n  maxUnhealthy: 2\n"));
    assertThat(loaded.invalid()).isEmpty();
    Rollout production = loaded.rollouts().of("production").orElseThrow();
    assertThat(production.waves())
        .extracting(Rollout.Wave::name)
        .containsExactly("canary", "early", "rest");
    assertThat(production.waves().get(1).percent()).hasValue(25);
    assertThat(production.soak()).isEqualTo(Duration.ofMinutes(90));
    assertThat(production.maxUnhealthy()).isEqualTo(2);
    assertThat(production.progressDeadline()).isEqualTo(Duration.ofMinutes(30));
    assertThat(production.argocd()).isTrue();
    assertThat(production.prometheus().orElseThrow().queryFor("weu-large"))
        .isEqualTo("up{cluster=\"weu-large\"} == 1");
    assertThat(loaded.rollouts().before("production")).containsExactly("staging");
    assertThat(loaded.rollouts().of("staging").orElseThrow().soak())
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void withoutARolloutBlockThereIsNoRollout() {
    assertThat(loader.load(GroupsTest.fleet()).rollouts().isEmpty()).isTrue();
  }

  @Test
  void aRolloutBlockDoesNotChangeTheValuesOrTheirVersion() {
    String plain = FleetLoader.sharedLayersVersion(GroupsTest.fleet(), "production");
    MemoryFiles rolled = fleet("rollout:\n  soak: 5m\n");
    assertThat(loader.load(rolled).valid())
        .isEqualTo(new FleetLoader(ValuesSchema.load()).load(GroupsTest.fleet()).valid());
    assertThat(FleetLoader.sharedLayersVersion(rolled, "production")).isEqualTo(plain);
    assertThat(
            FleetLoader.sharedLayersVersion(
                GroupsTest.fleet().with("fleet.yaml", GroupsTest.FLEET + "# a comment\n"),
                "production"))
        .isEqualTo(plain);
    assertThat(
            FleetLoader.sharedLayersVersion(
                GroupsTest.fleet()
                    .with("fleet.yaml", GroupsTest.FLEET + "logging: {minLevel: warn}\n"),
                "production"))
        .isNotEqualTo(plain);
  }

  @Test
  void everyMistakeIsReportedAtItsLine() {
    Fleet loaded =
        loader.load(
            fleet(
                """
                rollout:
                  order: [staging, prodcution]
                  waves:
                    - {name: canary, selector: {ring: canary}, percent: 10}
                    - {name: canary, percent: 120}
                    - {name: Rest}
                  soak: ten minutes
                  progressDeadline: 0s
                  gates:
                    prometheus: {url: "prometheus:9090", query: up}
                  maxUnhealthy: -1
                  surge: 3
                """));
    assertThat(problems(loaded))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("fleet.yaml:5:")
                    .contains("rollout.order")
                    .contains("did you mean \"production\""))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("rollout.waves[0].percent")
                    .contains("a selector or a percent, not both"))
        .anySatisfy(p -> assertThat(p).contains("rollout.waves[1].name").contains("named twice"))
        .anySatisfy(p -> assertThat(p).contains("rollout.waves[1].percent"))
        .anySatisfy(p -> assertThat(p).contains("rollout.waves[2].name"))
        .anySatisfy(p -> assertThat(p).contains("rollout.soak"))
        .anySatisfy(
            p -> assertThat(p).contains("rollout.progressDeadline").contains("greater than zero"))
        .anySatisfy(p -> assertThat(p).contains("rollout.gates.prometheus.url"))
        .anySatisfy(p -> assertThat(p).contains("rollout.maxUnhealthy"))
        .anySatisfy(p -> assertThat(p).contains("rollout.surge").contains("unknown key"));
    assertThat(loaded.valid()).as("a bad rollout stops the environment's changes").isEmpty();
  }

  @Test
  void aRolloutIsThePlatformTeamsAndTheOrderIsTheFleets() {
    Fleet loaded =
        loader.load(
            GroupsTest.fleet()
                .with("environments/production.yaml", "rollout:\n  order: [production]\n")
                .with(
                    "clusters/weu-small/cluster.yaml",
                    GroupsTest.cluster("{tier: small}") + "rollout:\n  soak: 0s\n"));
    assertThat(GroupsTest.problems(loaded, "weu-large"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("environments/production.yaml:2:3")
                    .contains("fleet.yaml only"));
    assertThat(GroupsTest.problems(loaded, "weu-small"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("clusters/weu-small/cluster.yaml")
                    .contains("only in fleet.yaml and environment files"));
  }

  @Test
  void aWaveThatMatchesNoClusterIsAWarning() {
    Fleet loaded =
        loader.load(fleet("rollout:\n  waves:\n    - {name: canary, selector: {ring: canary}}\n"));
    assertThat(loaded.invalid()).isEmpty();
    assertThat(loaded.warnings())
        .extracting(Problem::formatWarning)
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("fleet.yaml:6:7")
                    .contains("wave \"canary\" matches no cluster of environment \"production\""));
  }
}
