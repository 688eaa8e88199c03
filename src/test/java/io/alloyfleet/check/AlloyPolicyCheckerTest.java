package io.alloyfleet.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.alloy.Parser;
import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.fleet.policy.AlloyPolicy;
import io.alloyfleet.fleet.policy.Hosts;
import io.alloyfleet.fleet.policy.Policy.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Alloy policy on team text: an allow-list of hosts and paths, whatever the component. */
class AlloyPolicyCheckerTest {

  private static final Location AT = Location.of("fleet.yaml");

  private static final AlloyPolicy POLICY =
      new AlloyPolicy(
          List.of(new Rule("policy.alloy.deniedComponents", "local.file", AT)),
          List.of(
              new Rule("policy.alloy.allowedHosts", "otlp.example.com", AT),
              new Rule("policy.alloy.allowedHosts", "*.collectors.example.com", AT)),
          true,
          AlloyPolicy.DEFAULT_READABLE_PATHS);

  private static List<String> refusals(String text) {
    Parser.Result parsed = Parser.parse(text);
    assertThat(parsed.errors()).as(text).isEmpty();
    return AlloyPolicyChecker.check(parsed.body(), POLICY, line -> true).stream()
        .map(e -> e.line() + ":" + e.column() + ": " + e.message())
        .toList();
  }

  @Test
  void hostsAreReadAsGoReadsThem() {
    assertThat(Hosts.reached("https://otlp.example.com:x@evil_host.example.net/"))
        .containsExactly("evil_host.example.net");
    assertThat(Hosts.reached("https://a@b@evil.example.net:443/path?x=@otlp.example.com"))
        .containsExactly("evil.example.net");
    assertThat(Hosts.reached("https://evil%2eexample.net/")).containsExactly("evil.example.net");
    assertThat(Hosts.reached("dns://otlp.example.com/evil.example.net:4317"))
        .containsExactly("otlp.example.com", "evil.example.net");
    assertThat(Hosts.reached("dns:///otlp.example.com:4317")).containsExactly("otlp.example.com");
    assertThat(Hosts.reached("passthrough:///evil.example.net:4317"))
        .containsExactly("evil.example.net");
    assertThat(Hosts.reached("otlp.example.com:4317")).containsExactly("otlp.example.com");
    assertThat(Hosts.reached("[::1]:4317")).containsExactly("[::1]");
    assertThat(Hosts.reached("unix:///var/run/socket")).isEmpty();
    assertThat(Hosts.reached("unix:relative")).isEmpty();
    assertThat(Hosts.reached("https://bad host/")).isEmpty();
    assertThat(Hosts.of("https://OTLP.example.com:4318/v1/traces")).contains("otlp.example.com");
  }

  @Test
  void aRelabelReplacementBuiltFromCaptureGroupsIsNotJudgedAsAHost() {
    assertThat(
            refusals(
                """
                discovery.relabel "pods" {
                  targets = []
                  rule {
                    source_labels = ["__address__", "__meta_kubernetes_pod_annotation_prometheus_io_port"]
                    regex         = "([^:]+)(?::\\\\d+)?;(\\\\d+)"
                    replacement   = "$1:$2"
                    target_label  = "__address__"
                  }
                }
                """))
        .isEmpty();
  }

  @Test
  void sysOnlyAsSysEnvAndAComputedTargetLabelWithAReplacementAreRefused() {
    assertThat(
            refusals(
                """
                local.file_match "a" {
                  path_targets = [{"__path__" = "/var/log/x.log", "k" = sys["env"]("ALLOY_FLEET_TOKEN")}]
                }
                discovery.relabel "b" {
                  targets = []
                  rule {
                    target_label = "__pa" + "th__"
                    replacement  = "/proc/self/environ"
                  }
                }
                """))
        .hasSize(2)
        .anySatisfy(r -> assertThat(r).startsWith("2:").contains("sys may only be used as sys.env"))
        .anySatisfy(r -> assertThat(r).startsWith("7:").contains("target_label must be a literal"));
  }

  @Test
  void theFileReceiversIncludeGlobsAreLocalFiles() {
    assertThat(
            refusals(
                """
                otelcol.receiver.filelog "a" {
                  include = ["/var/log/app/*.log", "/proc/self/environ"]
                  output {}
                }
                """))
        .singleElement()
        .asString()
        .startsWith("2:")
        .contains("/proc/self/environ");
  }

  @Test
  void aRefusedEndpointIsQuotedWithoutItsCredentials() {
    assertThat(Hosts.withoutUserinfo("https://user:s3cret@evil.example.net/push"))
        .isEqualTo("https://***@evil.example.net/push");
    assertThat(Hosts.withoutUserinfo("https://otlp.example.com/a@b"))
        .isEqualTo("https://otlp.example.com/a@b");
    assertThat(Hosts.withoutUserinfo("otlp.example.com:4317")).isEqualTo("otlp.example.com:4317");
    assertThat(
            refusals(
                """
                loki.write "a" {
                  endpoint {
                    url = "https://user:s3cret@evil.example.net/loki/api/v1/push"
                  }
                }
                """))
        .singleElement()
        .asString()
        .contains("https://***@evil.example.net")
        .doesNotContain("s3cret");
  }

  @Test
  void withoutAllowedHostsTheClusterItselfIsAllowedAndNothingOutside() {
    AlloyPolicy implicit =
        new AlloyPolicy(
            List.of(),
            AlloyPolicy.DEFAULT_CLUSTER_HOSTS,
            false,
            AlloyPolicy.DEFAULT_READABLE_PATHS);
    Parser.Result parsed =
        Parser.parse(
            """
            prometheus.scrape "own" {
              targets    = [{"__address__" = "shop.team-a.svc:8080"}, {"__address__" = "localhost:12345"}]
              forward_to = []
            }
            prometheus.scrape "out" {
              targets    = [{"__address__" = "evil.example.net:80"}]
              forward_to = []
            }
            """);
    assertThat(parsed.errors()).isEmpty();
    assertThat(
            AlloyPolicyChecker.check(parsed.body(), implicit, line -> true).stream()
                .map(e -> e.line() + ": " + e.message())
                .toList())
        .singleElement()
        .asString()
        .startsWith("6: ")
        .contains("evil.example.net");
  }

  @Test
  void everyDestinationArgumentIsChecked() {
    assertThat(
            refusals(
                """
                prometheus.remote_write "a" {
                  endpoint {
                    url       = "https://otlp.example.com/push"
                    proxy_url = "http://proxy.evil.example:3128"
                    oauth2 {
                      token_url = "https://evil.example/token"
                    }
                  }
                }
                remote.http "b" {
                  url = "https://x.collectors.example.com/config"
                }
                """))
        .containsExactly(
            "4:5: proxy_url \"http://proxy.evil.example:3128\" targets a host the policy does not"
                + " allow (proxy.evil.example); allowed: otlp.example.com, *.collectors.example.com"
                + " by fleet.yaml:1:1: policy.alloy.allowedHosts",
            "6:7: token_url \"https://evil.example/token\" targets a host the policy does not allow"
                + " (evil.example); allowed: otlp.example.com, *.collectors.example.com by"
                + " fleet.yaml:1:1: policy.alloy.allowedHosts");
  }

  @Test
  void aListenerIsNotADestination() {
    assertThat(
            refusals(
                """
                otelcol.receiver.otlp "in" {
                  grpc {
                    endpoint = "0.0.0.0:4317"
                  }
                  output { }
                }
                """))
        .isEmpty();
  }

  @Test
  void localFilesMustBeReadableLiteralPaths() {
    assertThat(
            refusals(
                """
                loki.source.file "logs" {
                  targets    = [{"__path__" = "/var/log/pods/*/*.log"}, {"__path__" = "/var/log/../../proc/1/environ"}]
                  forward_to = []
                }
                otelcol.exporter.otlp "a" {
                  client {
                    endpoint = "otlp.example.com:4317"
                    tls {
                      ca_file = "/etc/ssl/certs/ca-certificates.crt"
                      key_file = sys.env("KEY_PATH")
                    }
                  }
                }
                discovery.relabel "paths" {
                  targets = []
                  rule {
                    target_label = "__path__"
                    replacement  = "/sys/kernel/x"
                  }
                }
                """))
        .extracting(s -> s.substring(0, s.indexOf(';') < 0 ? s.length() : s.indexOf(';')))
        .containsExactly(
            "2:3: __path__ \"/var/log/../../proc/1/environ\" is not a path the policy lets team"
                + " Alloy read",
            "10:7: key_file must be a literal path: the policy lets team Alloy read only"
                + " /var/log/**, /run/log/journal/**, /etc/alloy/**, /var/lib/alloy/**, /tmp/**,"
                + " /etc/ssl/**, /var/run/secrets/kubernetes.io/serviceaccount/ca.crt by the"
                + " default policy (policy.alloy.readablePaths)",
            "18:5: replacement \"/sys/kernel/x\" is not a path the policy lets team Alloy read");
  }

  @Test
  void readablePathsAreGlobsThatNoPathClimbsOutOf() {
    assertThat(AlloyPolicy.readable("/var/log/**", "/var/log/pods/a/0.log")).isTrue();
    assertThat(AlloyPolicy.readable("/var/log/**", "/var/log")).isTrue();
    assertThat(AlloyPolicy.readable("/var/log/**", "/var//log/x")).isTrue();
    assertThat(AlloyPolicy.readable("/var/log/**", "/var/log/../run/secrets/token")).isFalse();
    assertThat(AlloyPolicy.readable("/var/log/**", "/var/logs/x")).isFalse();
    assertThat(AlloyPolicy.readable("/var/log/*.log", "/var/log/a/b.log")).isFalse();
    assertThat(AlloyPolicy.readable("/var/log/**", "var/log/x")).isFalse();
    AlloyPolicy defaults =
        new AlloyPolicy(List.of(), List.of(), false, AlloyPolicy.DEFAULT_READABLE_PATHS);
    assertThat(defaults.readable("/proc/self/environ")).isFalse();
    assertThat(defaults.readable("/sys/class/net")).isFalse();
    assertThat(defaults.readable("/var/run/secrets/kubernetes.io/serviceaccount/token")).isFalse();
    assertThat(defaults.readable("/run/secrets/kubernetes.io/serviceaccount/token")).isFalse();
  }

  @Test
  void importStringIsCheckedAsTeamTextAndMustBeLiteral() {
    assertThat(
            refusals(
                """
                import.string "a" {
                  content = "import.string \\"b\\" {\\n content = \\"local.file \\\\\\"x\\\\\\" { filename = \\\\\\"/etc/alloy/x\\\\\\" }\\"\\n}\\n"
                }
                import.string "c" {
                  content = sys.env("MODULE")
                }
                """))
        .containsExactly(
            "2:3: import.string content, line 2:2: import.string content, line 1:1: component"
                + " \"local.file\" is denied by fleet.yaml:1:1: policy.alloy.deniedComponents",
            "5:3: import.string content must be a literal string: the policy checks a module's"
                + " text");
  }

  @Test
  void sysEnvIsOnlyCalledWithALiteralName() {
    assertThat(
            refusals(
                """
                declare "reader" {
                  argument "lookup" { }
                }
                reader "a" {
                  lookup = sys.env
                }
                reader "b" {
                  lookup = [env]
                }
                prometheus.exporter.self "ok" { }
                otelcol.auth.bearer "b" {
                  token = sys.env("OTHER_TOKEN")
                }
                """))
        .containsExactly(
            "5:15: sys.env may only be called with a literal name, never passed as a value",
            "8:13: sys.env may only be called with a literal name, never passed as a value");
  }

  @Test
  void teamAlloySendsThroughTheStampingNeverPastIt() {
    String generated =
        """
        otelcol.receiver.prometheus "default" {
          output {
            metrics = [otelcol.processor.transform.fleet.input]
          }
        }
        otelcol.processor.transform "fleet" {
          output {
            metrics = [otelcol.processor.batch.default.input]
          }
        }
        otelcol.processor.batch "default" {
          output {
            metrics = [otelcol.exporter.otlp.central.input]
          }
        }
        otelcol.auth.bearer "central" {
          token = sys.env("ALLOY_FLEET_TOKEN")
        }
        otelcol.exporter.otlp "central" {
          client {
            endpoint = "otlp.example.com:4317"
            auth     = otelcol.auth.bearer.central.handler
          }
        }
        """;
    String team =
        """
        prometheus.scrape "ok" {
          targets    = []
          forward_to = [otelcol.receiver.prometheus.default.receiver]
        }
        otelcol.receiver.prometheus "forged" {
          output {
            metrics = [otelcol.processor.batch.default.input, otelcol.exporter.otlp.central.input]
          }
        }
        otelcol.exporter.otlp "mine" {
          client {
            endpoint = "otlp.example.com:4317"
            auth     = otelcol.auth.bearer.central.handler
          }
        }
        """;
    int firstTeamLine = (int) generated.lines().count() + 1;
    Parser.Result parsed = Parser.parse(generated + team);
    assertThat(Pipeline.of(parsed.body(), line -> line >= firstTeamLine).pastStamping())
        .containsExactly(
            "otelcol.auth.bearer.central",
            "otelcol.exporter.otlp.central",
            "otelcol.processor.batch.default");
    assertThat(
            AlloyPolicyChecker.check(parsed.body(), POLICY, line -> line >= firstTeamLine).stream()
                .map(e -> (e.line() - firstTeamLine + 1) + ":" + e.column() + " " + e.message())
                .map(m -> m.substring(0, m.indexOf(" is part")))
                .toList())
        .containsExactly(
            "7:16 otelcol.processor.batch.default.input",
            "7:55 otelcol.exporter.otlp.central.input",
            "13:16 otelcol.auth.bearer.central.handler");
  }

  @Test
  void theSeedsCustomConfigWithItsRoleAndTheExamplesPass() {
    assertThat(
            refusals(
                """
                // Add custom Alloy components
                discovery.kubernetes "custom_workloads" {
                  role = "pod"
                  selectors {
                    role  = "pod"
                    label = "monitoring.custom/scrape=true"
                  }
                }
                prometheus.scrape "custom_workloads" {
                  targets         = discovery.kubernetes.custom_workloads.targets
                  job_name        = "custom-workloads"
                  scrape_interval = "15s"
                  forward_to      = [otelcol.receiver.prometheus.default.receiver]
                  clustering {
                    enabled = true
                  }
                }
                """))
        .isEmpty();
  }
}
