package io.alloyfleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped Grafana dashboards parse and query only metrics that exist. */
class DashboardTest {

  /** Every metric the controller exports (see SyncMetrics), with Prometheus suffixes. */
  static final Set<String> CONTROLLER =
      Set.of(
          "alloy_fleet_clusters",
          "alloy_fleet_last_successful_sync_timestamp_seconds",
          "alloy_fleet_push_retries_total",
          "alloy_fleet_sync_duration_seconds_count",
          "alloy_fleet_sync_duration_seconds_bucket",
          "alloy_fleet_source_fetch_duration_seconds_bucket",
          "alloy_fleet_pushes_total",
          "alloy_fleet_render_failures_total",
          "alloy_fleet_webhook_deliveries_total",
          "alloy_fleet_rollout_state",
          "alloy_fleet_rollout_wave",
          "alloy_fleet_rollout_clusters_pending",
          "alloy_fleet_rollout_halts_total",
          "alloy_fleet_notifications_total");

  @Test
  void theControllerDashboardQueriesOnlyItsOwnMetrics() throws Exception {
    Set<String> used = metrics(Path.of("kubernetes/dashboards/alloy-fleet.json"));
    assertThat(used).isNotEmpty();
    assertThat(CONTROLLER).containsAll(used);
  }

  @Test
  void theAgentDashboardCoversHealthThroughputResourcesAndErrors() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(Files.readString(Path.of("kubernetes/dashboards/alloy-edge-agents.json")));
    assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(6);
    String text = dashboard.toString();
    assertThat(text)
        .contains("up{job=\\\"alloy-agent\\\"")
        .contains("otelcol_exporter_sent")
        .contains("process_resident_memory_bytes")
        .contains("send_failed");
  }

  static Set<String> metrics(Path file) throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(file));
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("alloy_fleet_[a-z_]+").matcher("");
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        m.reset(target.path("expr").asText());
        while (m.find()) {
          names.add(m.group());
        }
      }
    }
    return names;
  }
}
