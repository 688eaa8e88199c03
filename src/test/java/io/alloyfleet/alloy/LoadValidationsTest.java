package io.alloyfleet.alloy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Strings Alloy decodes into known values and the {@code Validate()} it runs when it loads a block:
 * refused as Alloy words it, the valid forms passed.
 */
class LoadValidationsTest {

  static List<String> check(String config) {
    return ComponentCheckerTest.check(config);
  }

  static String rule(String body) {
    return """
        discovery.relabel "pods" {
          targets = []
          rule {
        %s
          }
        }
        """
        .formatted(body.indent(4).stripTrailing());
  }

  @Test
  void anUnknownRelabelActionIsRefusedWithADidYouMean() {
    assertThat(check(rule("action = \"labledrop\"\nregex = \"tmp_.*\"")))
        .containsExactly(
            "4:5: argument \"action\" of discovery.relabel > rule: unrecognized action type"
                + " \"labledrop\" (did you mean \"labeldrop\"?)");
  }

  @Test
  void relabelRulesThatTheirValidateRefusesAreRefused() {
    assertThat(check(rule("source_labels = [\"__meta_kubernetes_pod_name\"]")))
        .containsExactly(
            "4:1: discovery.relabel > rule: relabel configuration for replace action requires"
                + " 'target_label' value");
    assertThat(check(rule("action = \"hashmod\"\ntarget_label = \"__tmp_hash\"")))
        .containsExactly(
            "4:5: argument \"action\" of discovery.relabel > rule: relabel configuration for"
                + " hashmod requires non-zero modulus");
    assertThat(check(rule("action = \"labeldrop\"\nsource_labels = [\"a\"]\nregex = \"tmp_.*\"")))
        .containsExactly(
            "4:5: argument \"action\" of discovery.relabel > rule: labeldrop action requires only"
                + " 'regex', and no other fields");
    assertThat(check(rule("action = \"lowercase\"\ntarget_label = \"x\"\nreplacement = \"y\"")))
        .containsExactly(
            "4:5: argument \"action\" of discovery.relabel > rule: 'replacement' can not be set"
                + " for lowercase action");
    assertThat(check(rule("target_label = \"${1\"\nsource_labels = [\"a\"]")))
        .containsExactly(
            "4:1: discovery.relabel > rule: \"${1\" is invalid 'target_label' for replace action");
    assertThat(check(rule("action = \"keepequal\"\ntarget_label = \"x\"\nregex = \"a.*\"")))
        .containsExactly(
            "4:5: argument \"action\" of discovery.relabel > rule: keepequal action requires only"
                + " 'source_labels' and 'target_label', and no other fields");
  }

  @Test
  void relabelRulesThatAlloyLoadsPass() {
    assertThat(
            check(
                rule(
                    """
                    source_labels = ["__meta_kubernetes_namespace"]
                    target_label  = "namespace"
                    """)))
        .isEmpty();
    assertThat(check(rule("action = \"labeldrop\"\nregex = \"__meta_.*\""))).isEmpty();
    assertThat(check(rule("action = \"hashmod\"\nmodulus = 4\ntarget_label = \"__tmp\"")))
        .isEmpty();
    assertThat(check(rule("action = \"labelmap\"\nregex = \"__meta_(.+)\"\nreplacement = \"$1\"")))
        .isEmpty();
    assertThat(check(rule("source_labels = [\"a\"]\ntarget_label = \"${1}_x\""))).isEmpty();
    // A value Alloy computes is not guessed at.
    assertThat(check(rule("action = sys.env(\"ACTION\")"))).isEmpty();
  }

  @Test
  void aScrapeTimeoutLongerThanItsIntervalIsRefusedInAlloysWords() {
    assertThat(
            check(
                """
                prometheus.scrape "pods" {
                  targets         = []
                  forward_to      = []
                  scrape_interval = "30s"
                  scrape_timeout  = "1m30s"
                }
                """))
        .containsExactly(
            "5:3: argument \"scrape_timeout\" of prometheus.scrape: scrape_timeout (1m30s) greater"
                + " than scrape_interval (30s) for scrape config with job name \"\"");
    assertThat(
            check(
                """
                prometheus.scrape "pods" {
                  targets         = []
                  forward_to      = []
                  scrape_interval = "5s"
                }
                """))
        .containsExactly(
            "2:1: prometheus.scrape: scrape_timeout (10s) greater than scrape_interval (5s) for"
                + " scrape config with job name \"\"");
    assertThat(
            check(
                """
                prometheus.scrape "pods" {
                  targets         = []
                  forward_to      = []
                  scrape_interval = "15s"
                  scrape_timeout  = "15s"
                  scrape_protocols = ["PrometheusProto", "OpenMetricsText1.0.0"]
                  scrape_native_histograms = true
                }
                """))
        .isEmpty();
  }

  @Test
  void scrapeProtocolsAndNameSchemesAreCheckedAgainstTheirValues() {
    assertThat(
            check(
                """
                prometheus.scrape "pods" {
                  targets          = []
                  forward_to       = []
                  scrape_protocols = ["PrometheusProto", "OpenMetricsText1.0"]
                  metric_name_validation_scheme = "utf-8"
                }
                """))
        .containsExactly(
            "4:3: argument \"scrape_protocols\" of prometheus.scrape: invalid scrape protocol"
                + " \"OpenMetricsText1.0\" (did you mean \"OpenMetricsText1.0.0\"?)",
            "5:3: argument \"metric_name_validation_scheme\" of prometheus.scrape: invalid"
                + " metric_name_validation_scheme \"utf-8\": must be either \"utf8\" or \"legacy\""
                + " (did you mean \"utf8\"?)");
  }

  @Test
  void anUnknownCompressionOfAnOtelcolClientIsRefused() {
    assertThat(
            check(
                """
                otelcol.exporter.otlp "tempo" {
                  client {
                    endpoint    = "tempo:4317"
                    compression = "gzipp"
                  }
                }
                otelcol.exporter.otlphttp "backup" {
                  client {
                    endpoint    = "https://otlp.example.com"
                    compression = "zstd"
                  }
                }
                """))
        .containsExactly(
            "4:5: argument \"compression\" of otelcol.exporter.otlp > client: unrecognized"
                + " compression type \"gzipp\" (did you mean \"gzip\"?)");
  }

  @Test
  void loggingLevelAndFormatAreCheckedAgainstAlloysValues() {
    assertThat(
            check(
                """
                logging {
                  level  = "debg"
                  format = "json"
                }
                """))
        .containsExactly(
            "2:3: argument \"level\" of logging: unrecognized log level \"debg\" (did you mean"
                + " \"debug\"?)");
  }

  @Test
  void httpClientsWithTwoWaysToAuthenticateAreRefused() {
    assertThat(
            check(
                """
                discovery.kubernetes "pods" {
                  role         = "pod"
                  bearer_token = "abc"
                  basic_auth {
                    username = "u"
                    password = "p"
                    password_file = "/etc/p"
                  }
                }
                loki.write "default" {
                  endpoint {
                    url = "https://loki.example.com/loki/api/v1/push"
                    oauth2 {
                      client_id = "fleet"
                    }
                  }
                }
                """))
        .containsExactly(
            "2:1: discovery.kubernetes: at most one of basic_auth, authorization, oauth2,"
                + " bearer_token & bearer_token_file must be configured",
            "2:1: discovery.kubernetes: at most one of basic_auth password & password_file must be"
                + " configured",
            "12:1: loki.write > endpoint: either oauth2 client_secret or client_secret_file must be"
                + " configured");
  }

  @Test
  void remoteWriteWithSigV4AndBasicAuthIsRefused() {
    assertThat(
            check(
                """
                prometheus.remote_write "default" {
                  endpoint {
                    url = "https://aps.example.com/api/v1/remote_write"
                    sigv4 {
                      region = "eu-west-1"
                    }
                    basic_auth {
                      username = "u"
                      password = sys.env("PASSWORD")
                    }
                  }
                  wal {
                    min_keepalive_time = "8h"
                  }
                }
                """))
        .containsExactly(
            "3:1: prometheus.remote_write > endpoint: at most one of sigv4, azuread, google_iam,"
                + " basic_auth, oauth2, bearer_token & bearer_token_file must be configured",
            "13:5: argument \"min_keepalive_time\" of prometheus.remote_write > wal:"
                + " min_keepalive_time must be smaller than max_keepalive_time");
  }

  @Test
  void otelcolBatchQueueAndRetryAreValidatedWithTheirDefaults() {
    assertThat(
            check(
                """
                otelcol.processor.batch "default" {
                  send_batch_size     = 10000
                  output {}
                }
                otelcol.exporter.otlp "tempo" {
                  client {
                    endpoint = "tempo:4317"
                  }
                  sending_queue {
                    queue_size = 0
                  }
                  retry_on_failure {
                    multiplier = 1
                  }
                }
                """))
        .containsExactly(
            "2:1: otelcol.processor.batch: send_batch_max_size must be greater or equal to"
                + " send_batch_size when not 0",
            "10:5: argument \"queue_size\" of otelcol.exporter.otlp > sending_queue: queue_size"
                + " must be greater than zero",
            "13:5: argument \"multiplier\" of otelcol.exporter.otlp > retry_on_failure:"
                + " multiplier must be greater than 1.0");
    assertThat(
            check(
                """
                otelcol.processor.batch "default" {
                  send_batch_size     = 10000
                  send_batch_max_size = 0
                  output {}
                }
                """))
        .isEmpty();
  }

  @Test
  void lokiProcessStagesAreValidatedAsAlloyBuildsThem() {
    assertThat(
            check(
                """
                loki.process "parse" {
                  forward_to = []
                  stage.labels {
                    values      = {level = ""}
                    source_type = "extract"
                  }
                  stage.regex {
                    expression = "(?P<level>\\\\w+)"
                    source     = ""
                  }
                  stage.multiline {
                    firstline     = "^\\\\d{4}"
                    max_wait_time = "0s"
                  }
                  stage.json {
                    expressions = {}
                  }
                }
                """))
        .containsExactly(
            "5:5: argument \"source_type\" of loki.process > stage.labels: invalid labels"
                + " source_type: extract. Can only be 'extracted' or 'structured_metadata' (did"
                + " you mean \"extracted\"?)",
            "9:5: argument \"source\" of loki.process > stage.regex: empty source",
            "13:5: argument \"max_wait_time\" of loki.process > stage.multiline: max_wait_time"
                + " must be greater than 0",
            "16:1: loki.process > stage.json: JMES expressions or regex is required");
  }
}
