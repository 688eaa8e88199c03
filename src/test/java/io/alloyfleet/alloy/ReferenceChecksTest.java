package io.alloyfleet.alloy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Custom Alloy against Alloy's whole component reference: arguments, types, stability. */
class ReferenceChecksTest {

  static List<String> check(String config) {
    return ComponentCheckerTest.check(config);
  }

  @Test
  void aMisspeltOrMissingUrlOfALokiEndpointIsCaught() {
    assertThat(
            check(
                """
                loki.write "central" {
                  endpoint {
                    urll = "https://loki.example.com"
                  }
                }
                """))
        .containsExactly(
            "3:1: missing required argument \"url\" in loki.write > endpoint",
            "3:5: unknown argument \"urll\" in loki.write > endpoint (did you mean \"url\"?)");
  }

  /** The chart design's "batch optimization" snippet, verbatim. */
  static final java.nio.file.Path SEED_BATCH =
      java.nio.file.Path.of("src/test/resources/seed/batch-optimization.alloy");

  @Test
  void theSeedsBatchOptimizationSnippetLacksItsUrl() throws java.io.IOException {
    assertThat(check(java.nio.file.Files.readString(SEED_BATCH)))
        .containsExactly(
            "3:1: missing required argument \"url\" in prometheus.remote_write > endpoint");
  }

  @Test
  void theSeedsCustomDiscoveryLacksItsSelectorsRole() {
    assertThat(
            check(
                """
                discovery.kubernetes "custom_workloads" {
                  role = "pod"
                  selectors {
                    label = "monitoring.custom/scrape=true"
                  }
                }
                """))
        .containsExactly(
            "4:1: missing required argument \"role\" in discovery.kubernetes > selectors");
  }

  @Test
  void literalsAreCheckedAgainstTheArgumentTypeAsAlloyAssignsThem() {
    assertThat(
            check(
                """
                loki.write "central" {
                  max_streams = "ten"
                  endpoint {
                    url          = "https://loki.example.com"
                    enable_http2 = "yes"
                    batch_wait   = "soon"
                    remote_timeout = null
                    max_backoff_retries = "12"
                    tenant_id    = 42
                    headers      = {"X-Scope" = true}
                  }
                }
                """))
        .containsExactly(
            "2:3: argument \"max_streams\" of loki.write: expected int, got string",
            "5:5: argument \"enable_http2\" of loki.write > endpoint: expected bool, got string",
            "6:5: argument \"batch_wait\" of loki.write > endpoint: \"soon\" is not a duration (expected a number and a unit, such as \"30s\" or \"1h30m\")",
            "10:5: argument \"headers\" of loki.write > endpoint: in key \"X-Scope\": expected string, got bool");
  }

  @Test
  void expressionsAreNotGuessedAt() {
    assertThat(
            check(
                """
                loki.write "central" {
                  max_streams = env("STREAMS")
                  endpoint {
                    url = sys.env("LOKI_URL")
                  }
                }
                """))
        .isEmpty();
  }

  @Test
  void aComponentAboveTheAgentsStabilityLevelNamesTheLevelItNeeds() {
    String config =
        """
        otelcol.exporter.debug "dump" {}
        """;
    assertThat(check(config))
        .containsExactly(
            "1:1: component otelcol.exporter.debug is experimental: Alloy loads it only with --stability.level=experimental or lower (agent.stabilityLevel: experimental)");
    assertThat(AlloyChecker.check(config, ComponentCatalog.Stability.EXPERIMENTAL, false))
        .isEmpty();
  }

  /** Every component of the reference refuses an argument it does not have. */
  @TestFactory
  Stream<DynamicTest> everyComponentRefusesAnUnknownArgument() {
    ComponentCatalog catalog = ComponentCatalog.get();
    assertThat(catalog.names()).hasSizeGreaterThan(180);
    return catalog.names().stream()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      String config = name + " \"x\" {\n  no_such_argument_here = 1\n}\n";
                      assertThat(
                              AlloyChecker.check(
                                      config, ComponentCatalog.Stability.EXPERIMENTAL, true)
                                  .stream()
                                  .map(AlloyError::describe)
                                  .toList())
                          .anyMatch(
                              e ->
                                  e.startsWith(
                                      "unknown argument \"no_such_argument_here\" in " + name));
                    }));
  }

  /** Every config the golden cases render passes the checks at the default level. */
  @TestFactory
  Stream<DynamicTest> everyGoldenRenderPasses() throws java.io.IOException {
    java.nio.file.Path golden = java.nio.file.Path.of("src/test/resources/golden");
    List<java.nio.file.Path> configs;
    try (Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(golden)) {
      configs =
          walk.filter(p -> p.getFileName().toString().equals("config.alloy")).sorted().toList();
    }
    assertThat(configs).hasSizeGreaterThan(10);
    return configs.stream()
        .map(
            config ->
                DynamicTest.dynamicTest(
                    golden.relativize(config).toString(),
                    () ->
                        assertThat(AlloyChecker.check(java.nio.file.Files.readString(config)))
                            .isEmpty()));
  }
}
