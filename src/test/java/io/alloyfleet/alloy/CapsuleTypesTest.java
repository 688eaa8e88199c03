package io.alloyfleet.alloy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A reference passes a receiver or consumer only where its Go type fits, as Alloy decodes it. */
class CapsuleTypesTest {

  static List<String> check(String config) {
    return ComponentCheckerTest.check(config);
  }

  static final String LOKI =
      """
      loki.write "default" {
        endpoint {
          url = "https://loki.example.com/loki/api/v1/push"
        }
      }
      """;

  @Test
  void aLogsReceiverInAMetricsComponentIsRefusedAtTheReferencesLine() {
    assertThat(
            check(
                LOKI
                    + """
                    prometheus.scrape "pods" {
                      targets    = []
                      forward_to = [
                        loki.write.default.receiver,
                      ]
                    }
                    """))
        .containsExactly(
            "9:5: argument \"forward_to\" of prometheus.scrape: in a list item: expected"
                + " capsule(\"storage.Appendable\"), got capsule(\"loki.LogsReceiver\")");
  }

  @Test
  void aMetricsReceiverInALogsComponentIsRefused() {
    assertThat(
            check(
                """
                prometheus.remote_write "default" {
                  endpoint {
                    url = "https://prometheus.example.com/api/v1/write"
                  }
                }
                loki.source.kubernetes "pods" {
                  targets    = []
                  forward_to = [prometheus.remote_write.default.receiver]
                }
                """))
        .containsExactly(
            "8:17: argument \"forward_to\" of loki.source.kubernetes: in a list item: expected"
                + " capsule(\"loki.LogsReceiver\"), got capsule(\"storage.Appendable\")");
  }

  @Test
  void aLogsReceiverAsAnOpenTelemetryConsumerIsRefused() {
    assertThat(
            check(
                LOKI
                    + """
                    otelcol.receiver.otlp "default" {
                      grpc {}
                      output {
                        traces = [loki.write.default.receiver]
                      }
                    }
                    """))
        .containsExactly(
            "9:15: argument \"traces\" of otelcol.receiver.otlp > output: in a list item:"
                + " expected capsule(\"otelcol.Consumer\"), got capsule(\"loki.LogsReceiver\")");
  }

  @Test
  void receiversAndConsumersOfTheRightKindPass() {
    assertThat(
            check(
                LOKI
                    + """
                    prometheus.remote_write "default" {
                      endpoint {
                        url = "https://prometheus.example.com/api/v1/write"
                      }
                    }
                    prometheus.relabel "keep" {
                      forward_to = [prometheus.remote_write.default.receiver]
                    }
                    prometheus.scrape "pods" {
                      targets    = []
                      forward_to = [prometheus.relabel.keep.receiver]
                    }
                    loki.relabel "pods" {
                      forward_to = [loki.write.default.receiver]
                    }
                    loki.source.kubernetes "pods" {
                      targets    = []
                      forward_to = [loki.relabel.pods.receiver]
                    }
                    loki.source.journal "node" {
                      forward_to    = [loki.write.default.receiver]
                      relabel_rules = loki.relabel.pods.rules
                    }
                    otelcol.exporter.otlp "default" {
                      client {
                        endpoint = "tempo:4317"
                      }
                    }
                    otelcol.receiver.otlp "default" {
                      grpc {}
                      output {
                        traces = [otelcol.exporter.otlp.default.input]
                      }
                    }
                    otelcol.exporter.loki "default" {
                      forward_to = [loki.write.default.receiver]
                    }
                    """))
        .isEmpty();
  }

  @Test
  void aMetricsReceiverWhereRelabelRulesGoIsRefused() {
    assertThat(
            check(
                LOKI
                    + """
                    prometheus.relabel "keep" {
                      forward_to = []
                    }
                    loki.source.journal "node" {
                      forward_to    = [loki.write.default.receiver]
                      relabel_rules = prometheus.relabel.keep.receiver
                    }
                    """))
        .containsExactly(
            "11:19: argument \"relabel_rules\" of loki.source.journal: expected"
                + " capsule(\"relabel.Rules\"), got capsule(\"storage.Appendable\")");
  }

  @Test
  void theCatalogKnowsTheTypeOfEveryExportItsPagesName() {
    ComponentCatalog catalog = ComponentCatalog.get();
    assertThat(catalog.component("loki.write").orElseThrow().exportTypes().get("receiver"))
        .isEqualTo(new AlloyType.Capsule("LogsReceiver", "loki.LogsReceiver"));
    assertThat(catalog.component("otelcol.exporter.otlp").orElseThrow().exportTypes().get("input"))
        .isEqualTo(new AlloyType.Capsule("otelcol.Consumer", "otelcol.Consumer"));
    // Corrected with its reason in catalog-corrections.json: the page says `receiver`.
    assertThat(catalog.component("pyroscope.write").orElseThrow().exportTypes().get("receiver"))
        .isEqualTo(new AlloyType.Capsule("ProfilesReceiver", "pyroscope.Appendable"));
    List<String> untyped =
        catalog.names().stream()
            .map(n -> catalog.component(n).orElseThrow())
            .filter(c -> c.exports() != null && !c.exports().isEmpty())
            .filter(c -> !c.exportTypes().keySet().containsAll(c.exports()))
            .map(ComponentCatalog.Component::name)
            .toList();
    // Its page lists collectors' names beside the exports table.
    assertThat(untyped).containsExactly("database_observability.postgres");
  }

  @Test
  void aConsumerOutsideAListIsRefused() {
    assertThat(
            check(
                """
                otelcol.exporter.otlp "default" {
                  client {
                    endpoint = "tempo:4317"
                  }
                }
                otelcol.processor.batch "default" {
                  output {
                    traces = otelcol.exporter.otlp.default.input
                  }
                }
                """))
        .containsExactly(
            "8:14: argument \"traces\" of otelcol.processor.batch > output: expected"
                + " list(otelcol.Consumer), got capsule(\"otelcol.Consumer\")");
  }
}
