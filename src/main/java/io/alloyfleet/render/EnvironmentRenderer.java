package io.alloyfleet.render;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An environment → its fleet-wide files: the seed chart's alert rules for the agents, scoped to the
 * environment, as a PrometheusRule.
 */
@ApplicationScoped
public class EnvironmentRenderer {

  /** The directory of fleet-wide files on an environment's branch; never a valid cluster id. */
  public static final String DIRECTORY = "_fleet";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance prometheusrule(
        String environment, String ruleName, String agentDown, String highMemory, String dropping);

    static native TemplateInstance kustomization();
  }

  /** Files by path relative to {@link #DIRECTORY}. */
  public SortedMap<String, String> render(String environment) {
    String selector = "job=\"alloy-agent\", environment=\"" + environment + "\"";
    String agentDown =
        "up{"
            + selector
            + "} == 0 or (count by (cluster) (up{"
            + selector
            + "} offset 1h) unless count by (cluster) (up{"
            + selector
            + "}))";
    String highMemory = "process_resident_memory_bytes{" + selector + "} > 1e9";
    String dropping =
        "rate(prometheus_remote_write_samples_dropped_total{environment=\""
            + environment
            + "\"}[5m]) > 0"
            + " or rate(otelcol_exporter_send_failed_metric_points_total{environment=\""
            + environment
            + "\"}[5m]) > 0";
    TreeMap<String, String> files = new TreeMap<>();
    files.put(
        "prometheusrule.yaml",
        Templates.prometheusrule(
                environment, "alloy-fleet-" + environment, agentDown, highMemory, dropping)
            .render());
    files.put("kustomization.yaml", Templates.kustomization().render());
    return files;
  }
}
