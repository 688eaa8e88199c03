package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Per-cluster series are bounded by the fleet, not by every directory name ever pushed. */
class SyncMetricsTest {

  @Test
  void renderFailureSeriesExistOnlyForClustersOfTheFleet() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SyncMetrics metrics = new SyncMetrics(registry);

    metrics.renderFailures(
        List.of("broken", "Not-A-Cluster-Id", "x\ny", "id-%2e%2e"),
        Set.of("broken", "fine", "Not-A-Cluster-Id", "x\ny", "id-%2e%2e"));
    assertThat(registry.find("alloy.fleet.render.failures").counters())
        .extracting(c -> c.getId().getTag("cluster"))
        .containsExactly("broken");

    metrics.renderFailures(List.of("broken"), Set.of("broken"));
    assertThat(
            registry.get("alloy.fleet.render.failures").tag("cluster", "broken").counter().count())
        .isEqualTo(2.0);

    // The cluster is deleted: its series goes with it.
    metrics.renderFailures(List.of(), Set.of("fine"));
    assertThat(registry.find("alloy.fleet.render.failures").counters()).isEmpty();
  }
}
