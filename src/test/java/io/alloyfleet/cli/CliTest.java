package io.alloyfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a PR pipeline uses it: exit codes, compiler-style errors, output on disk. */
@QuarkusMainTest
class CliTest {

  static final String BROKEN = "src/test/resources/golden/broken/fleet";

  @Test
  void renderWritesTheGoodClustersAndFailsOnTheBrokenOnes(
      QuarkusMainLauncher launcher, @TempDir Path out) {
    LaunchResult result = launcher.launch("render", "--fleet", BROKEN, "--out", out.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput())
        .contains(
            BROKEN
                + "/clusters/bad-alloy/cluster.yaml:8:41: error: customConfig: missing ',' in expression list")
        .contains(
            BROKEN
                + "/clusters/bad-values/cluster.yaml:4:10: error: rbac.scope: \"namespaces\" is not one of namespace, cluster")
        .doesNotContain("do-not-commit-me");
    assertThat(out.resolve("prod/good/config.alloy")).exists();
    assertThat(out.resolve("prod/good/deployment.yaml")).exists();
    assertThat(out.resolve("prod/_fleet/prometheusrule.yaml")).exists();
    assertThat(out.resolve("prod/bad-alloy")).doesNotExist();
    assertThat(result.getOutput()).contains("rendered 1 cluster(s)").contains("invalid: bad-alloy");
  }

  @Test
  void renderOfTheExampleSucceeds(QuarkusMainLauncher launcher, @TempDir Path out) {
    LaunchResult result =
        launcher.launch("render", "--fleet", "gitops-example", "--out", out.toString());
    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    assertThat(out.resolve("production/payments-prod/config.alloy")).exists();
    assertThat(out.resolve("development/dev-sandbox/ingress.yaml")).exists();
  }

  @Test
  void invalidClusterKeepsItsPreviousOutput(QuarkusMainLauncher launcher, @TempDir Path out)
      throws Exception {
    Path previous = out.resolve("prod/bad-alloy/config.alloy");
    Files.createDirectories(previous.getParent());
    Files.writeString(previous, "// last good render\n");
    launcher.launch("render", "--fleet", BROKEN, "--out", out.toString());
    assertThat(previous).hasContent("// last good render");
  }

  @Test
  void validateReportsEveryProblemAndExitsOne(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("validate", "--fleet", BROKEN);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput()).contains("auth.token: a literal token is refused");
    assertThat(result.getOutput()).contains("1 cluster(s) valid, 4 invalid, 5 problem(s)");
  }

  @Test
  void validateOfTheExampleExitsZero(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("validate", "--fleet", "gitops-example");
    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
  }

  @Test
  void usageErrorsExitTwo(QuarkusMainLauncher launcher) {
    assertThat(launcher.launch("render", "--fleet", "gitops-example").exitCode()).isEqualTo(2);
    assertThat(launcher.launch("validate", "--fleet", "does-not-exist").exitCode()).isEqualTo(2);
  }

  @Test
  void checkAlloyReportsLineAndColumn(QuarkusMainLauncher launcher, @TempDir Path dir)
      throws Exception {
    Path bad = dir.resolve("bad.alloy");
    Files.writeString(bad, "a = 1\nb = [\n  1\n]\n");
    Path good = dir.resolve("good.alloy");
    Files.writeString(good, "prometheus.exporter.self \"x\" { }\n");
    LaunchResult result = launcher.launch("check-alloy", bad.toString(), good.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput())
        .contains(bad + ":3:4: error: missing ',' in expression list");
    assertThat(launcher.launch("check-alloy", good.toString()).exitCode()).isZero();
  }

  @Test
  void theSeedsInvalidSnippetsAreReportedAtTheTeamsLine(
      QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
    try (var files = Files.walk(Path.of("gitops-example"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = dir.resolve(Path.of("gitops-example").relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    Files.createDirectories(dir.resolve("clusters/seed-batch"));
    Files.writeString(
        dir.resolve("clusters/seed-batch/cluster.yaml"),
        """
        cluster:
          environment: development
        monitoring:
          namespaces: [apps]
        # Batch optimization via custom config (the chart's design, verbatim)
        customConfig: |
        """
            + Files.readString(Path.of("src/test/resources/seed/batch-optimization.alloy"))
                .indent(2));
    LaunchResult result = launcher.launch("validate", "--fleet", dir.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput())
        .contains(
            dir
                + "/clusters/seed-batch/cluster.yaml:9:3: error: customConfig: missing required argument \"url\" in prometheus.remote_write > endpoint");
  }

  @Test
  void checkAlloyFollowsTheReferenceAndTheStabilityLevel(
      QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
    Path debug = dir.resolve("debug.alloy");
    Files.writeString(debug, "otelcol.exporter.debug \"dump\" { }\n");
    LaunchResult refused = launcher.launch("check-alloy", debug.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.getErrorOutput())
        .contains(debug + ":1:1: error: component otelcol.exporter.debug is experimental");
    assertThat(
            launcher
                .launch("check-alloy", "--stability-level", "experimental", debug.toString())
                .exitCode())
        .isZero();
    Path types = dir.resolve("types.alloy");
    Files.writeString(
        types,
        "loki.write \"x\" {\n  max_streams = \"ten\"\n  endpoint {\n    url = \"https://loki.example.com\"\n  }\n}\n");
    assertThat(launcher.launch("check-alloy", types.toString()).getErrorOutput())
        .contains(
            types
                + ":2:3: error: argument \"max_streams\" of loki.write: expected int, got string");
    LaunchResult version = launcher.launch("check-alloy", "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.getOutput()).contains("Alloy v1.18.0");
    assertThat(
            launcher
                .launch("check-alloy", "--stability-level", "beta", debug.toString())
                .exitCode())
        .isEqualTo(2);
  }

  @Test
  void aotTrainingRunsEveryCommandOnTheExample(QuarkusMainLauncher launcher, @TempDir Path work) {
    LaunchResult result =
        launcher.launch(
            "aot-training",
            "--fleet",
            "gitops-example",
            "--work",
            work.toString(),
            "--rounds",
            "1");
    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    assertThat(result.getOutput()).contains("aot-training: 1 round(s) on gitops-example, 0 failed");
    assertThat(work.resolve("render/production/payments-prod/config.alloy")).exists();
  }

  @Test
  void diffShowsChangedFilesAgainstAnEarlierRender(QuarkusMainLauncher launcher, @TempDir Path out)
      throws Exception {
    assertThat(
            launcher
                .launch("render", "--fleet", "gitops-example", "--out", out.toString())
                .exitCode())
        .isZero();
    assertThat(
            launcher
                .launch("diff", "--fleet", "gitops-example", "--against", out.toString())
                .exitCode())
        .isZero();
    Path config = out.resolve("staging/checkout-staging/config.alloy");
    Files.writeString(config, Files.readString(config).replace("\"30s\"", "\"10s\""));
    LaunchResult result =
        launcher.launch("diff", "--fleet", "gitops-example", "--against", out.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getOutput())
        .contains("--- a/staging/checkout-staging/config.alloy")
        .contains("-  scrape_interval = \"10s\"")
        .contains("1 file(s) differ");
  }

  @Test
  void explainNamesTheFileOfEveryValueAndTheLayersItOverrode(QuarkusMainLauncher launcher) {
    LaunchResult result =
        launcher.launch(
            "explain", "--fleet", "gitops-example", "--cluster", "ingest-prod", "metrics");
    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    assertThat(result.getOutput())
        .contains(
            "metrics.scrapeInterval = \"15s\"  # groups/large-agents.yaml:10:21 (overrides (defaults):1:1, fleet.yaml:15:19)")
        .doesNotContain("endpoints.");
    LaunchResult invalid = launcher.launch("explain", "--fleet", BROKEN, "--cluster", "bad-values");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.getErrorOutput()).contains("rbac.scope");
    assertThat(
            launcher.launch("explain", "--fleet", "gitops-example", "--cluster", "nope").exitCode())
        .isEqualTo(2);
  }

  @Test
  void explainShowsTheQueryTheClustersGateRuns(QuarkusMainLauncher launcher) {
    LaunchResult result =
        launcher.launch("explain", "--fleet", "gitops-example", "--cluster", "ingest-prod");
    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    assertThat(result.getOutput())
        .contains(
            "# the rollout's Prometheus gate asks: min(up{job=\"alloy-agent\", cluster=\"ingest-prod\"})");
  }
}
