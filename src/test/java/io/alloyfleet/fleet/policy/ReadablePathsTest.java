package io.alloyfleet.fleet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.HostileTeamTest;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.fleet.policy.Policy.Rule;
import io.alloyfleet.fleet.values.ValuesSchema;
import org.junit.jupiter.api.Test;

/** policy.alloy.readablePaths: the fleet's list, tightened by an environment, or the default. */
class ReadablePathsTest {

  final FleetLoader loader = new FleetLoader(ValuesSchema.load());

  private Fleet load(String fleetPolicy, String environmentPolicy) {
    return loader.load(
        new MemoryFiles()
            .with("fleet.yaml", HostileTeamTest.FLEET + fleetPolicy)
            .with("environments/production.yaml", environmentPolicy)
            .with("clusters/payments/cluster.yaml", HostileTeamTest.CLUSTER));
  }

  private static java.util.List<String> paths(Fleet fleet) {
    return fleet.valid().get(0).alloyPolicy().readablePaths().stream().map(Rule::value).toList();
  }

  @Test
  void withoutAPolicyTheDefaultsApplyAndReadNothingSensitive() {
    Fleet fleet = load("", "");
    assertThat(paths(fleet))
        .containsExactly(
            "/var/log/**",
            "/run/log/journal/**",
            "/etc/alloy/**",
            "/var/lib/alloy/**",
            "/tmp/**",
            "/etc/ssl/**",
            "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
    AlloyPolicy policy = fleet.valid().get(0).alloyPolicy();
    assertThat(policy.readable("/var/log/pods/x.log")).isTrue();
    assertThat(policy.readable("/proc/self/environ")).isFalse();
    assertThat(policy.readable("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt")).isTrue();
    assertThat(policy.readable("/var/run/secrets/kubernetes.io/serviceaccount/token")).isFalse();
  }

  @Test
  void anEnvironmentMayOnlyNarrowTheFleetsPaths() {
    Fleet fleet =
        load(
            "policy:\n  alloy:\n    readablePaths: [\"/var/log/**\"]\n",
            "policy:\n  alloy:\n    readablePaths: [\"/var/log/app/**\", \"/proc/**\"]\n");
    assertThat(HostileTeamTest.problems(fleet, "payments"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "environments/production.yaml:3:40: error: policy.alloy.readablePaths:")
                    .contains("\"/proc/**\" is not among the fleet's readable paths"));
  }
}
