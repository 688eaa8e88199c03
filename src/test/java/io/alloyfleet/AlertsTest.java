package io.alloyfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The controller's alerts (kubernetes/base/prometheusrule.yaml) are rules promtool accepts, on
 * metrics the controller exports, and cover halts, stale syncs and failed notifications.
 */
class AlertsTest {

  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void promtoolAcceptsTheRulesAndTheyQueryOnlyTheControllersMetrics() throws Exception {
    Map<String, Object> rule =
        new Yaml().load(Files.readString(Path.of("kubernetes/base/prometheusrule.yaml")));
    Map<String, Object> spec = (Map<String, Object>) rule.get("spec");
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Path rules = Files.writeString(dir.resolve("rules.yaml"), new Yaml(options).dump(spec));
    Process promtool =
        new ProcessBuilder("promtool", "check", "rules", rules.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as(output).isZero();

    Set<String> used = new TreeSet<>();
    Set<String> alerts = new TreeSet<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
      for (Map<String, Object> r : (List<Map<String, Object>>) group.get("rules")) {
        alerts.add((String) r.get("alert"));
        Matcher m = Pattern.compile("alloy_fleet_[a-z_]+").matcher((String) r.get("expr"));
        while (m.find()) {
          used.add(m.group());
        }
      }
    }
    assertThat(DashboardTest.CONTROLLER).containsAll(used);
    assertThat(used)
        .contains(
            "alloy_fleet_notifications_total",
            "alloy_fleet_rollout_state",
            "alloy_fleet_last_successful_sync_timestamp_seconds");
    assertThat(alerts).contains("AlloyFleetRolloutHalted", "AlloyFleetNotificationsFailing");
  }
}
