package io.alloyfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in a pull request's pipeline, run on a branch a hostile team prepared: it never follows a
 * symbolic link (in the fleet, in its output, in what it compares with), one bad key never stops
 * the others, and nothing it prints can forge a line of the CI log.
 */
@QuarkusMainTest
class CliHostileTeamTest {

  static final String BAD_INPUTS = "src/test/resources/golden/bad-inputs/fleet";

  static Path copyOfExample(Path dir) throws IOException {
    Path fleet = dir.resolve("fleet");
    try (Stream<Path> walk = Files.walk(Path.of("gitops-example"))) {
      for (Path source : walk.toList()) {
        Path target = fleet.resolve(Path.of("gitops-example").relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return fleet;
  }

  @Test
  void renderNeverWritesOrDeletesThroughASymlinkInItsOutput(
      QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
    Path victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("keep.txt"), "precious\n");
    Path victimFile = Files.writeString(dir.resolve("victim-file"), "also precious\n");
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("production"));
    Files.createSymbolicLink(out.resolve("production/edge-small"), victim);
    Files.createDirectories(out.resolve("staging/checkout-staging"));
    Files.createSymbolicLink(out.resolve("staging/checkout-staging/config.alloy"), victimFile);

    LaunchResult result =
        launcher.launch("render", "--fleet", "gitops-example", "--out", out.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(victim.resolve("keep.txt")).hasContent("precious");
    assertThat(victim).isDirectoryNotContaining("glob:**/config.alloy");
    assertThat(victimFile).hasContent("also precious");
    assertThat(result.getErrorOutput())
        .contains("production/edge-small: error: a symbolic link; the CLI never writes through one")
        .contains("staging/checkout-staging/config.alloy: error: a symbolic link");
    assertThat(out.resolve("production/payments-prod/config.alloy")).exists();
  }

  @Test
  void diffNeverReadsThroughASymlink(QuarkusMainLauncher launcher, @TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("out");
    assertThat(
            launcher
                .launch("render", "--fleet", "gitops-example", "--out", out.toString())
                .exitCode())
        .isZero();
    Path secret = Files.writeString(dir.resolve("secret.txt"), "hunter2-do-not-print\n");
    Path config = out.resolve("production/edge-small/config.alloy");
    Files.delete(config);
    Files.createSymbolicLink(config, secret);

    LaunchResult result =
        launcher.launch("diff", "--fleet", "gitops-example", "--against", out.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain("hunter2");
    assertThat(result.getErrorOutput())
        .contains("production/edge-small/config.alloy: error: a symbolic link; not followed");
  }

  @Test
  void symlinksInTheFleetAreLocatedProblemsAndTheirTargetsAreNeverRead(
      QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
    Path fleet = copyOfExample(dir);
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("production.yaml"), "hunter2-do-not-print: true\n");
    try (Stream<Path> files = Files.list(fleet.resolve("environments"))) {
      for (Path file : files.toList()) {
        Files.copy(
            file,
            outside.resolve(file.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.writeString(outside.resolve("production.yaml"), "hunter2-do-not-print: true\n");
    try (Stream<Path> walk = Files.walk(fleet.resolve("environments"))) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.createSymbolicLink(fleet.resolve("environments"), outside);
    Files.createSymbolicLink(
        fleet.resolve("clusters/copy-of-edge"), fleet.resolve("clusters/edge-small"));

    LaunchResult result = launcher.launch("validate", "--fleet", fleet.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput())
        .contains(
            "environments/production.yaml:1:1: error: environments is a symbolic link; links are not followed")
        .contains(
            "clusters/copy-of-edge:1:1: error: clusters/copy-of-edge is a symbolic link; links are not followed")
        .doesNotContain("hunter2");
    assertThat(result.getOutput()).contains("0 cluster(s) valid, 7 invalid");
  }

  @Test
  void oneBadKeyStopsOnlyItsClusterAndNothingPrintedForgesALine(
      QuarkusMainLauncher launcher, @TempDir Path out) {
    LaunchResult result = launcher.launch("render", "--fleet", BAD_INPUTS, "--out", out.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput())
        .contains(
            BAD_INPUTS
                + "/clusters/key-with-dot/cluster.yaml:5:1: error: metrics.enabled: unknown key")
        .doesNotContain("Exception", "\tat ");
    assertThat(out.resolve("prod/good-one/config.alloy")).exists();
    // Every line is a problem, its hint, or a link refusal: a team's text never starts a line.
    assertThat(result.getErrorOutput().lines())
        .allMatch(
            line -> line.startsWith(BAD_INPUTS + "/") || line.startsWith("  hint: "),
            "compiler-style lines only");
    assertThat(result.getErrorOutput()).doesNotContain("\u2028", "\u0085", "\r");
  }

  @Test
  void aClusterIdIsComparedAsTextNeverAsAPattern(QuarkusMainLauncher launcher, @TempDir Path dir)
      throws Exception {
    Path fleet = copyOfExample(dir);
    Path out = dir.resolve("out");
    assertThat(
            launcher
                .launch("render", "--fleet", fleet.toString(), "--out", out.toString())
                .exitCode())
        .isZero();
    // Directory names that are not cluster ids, and not valid regular expressions either.
    Files.createDirectories(fleet.resolve("clusters/(unclosed"));
    Files.writeString(
        fleet.resolve("clusters/(unclosed/cluster.yaml"), "cluster:\n  environment: production\n");
    Files.createDirectories(fleet.resolve("clusters/edge.*"));
    Files.writeString(
        fleet.resolve("clusters/edge.*/cluster.yaml"), "cluster:\n  environment: production\n");

    LaunchResult result =
        launcher.launch("diff", "--fleet", fleet.toString(), "--against", out.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput())
        .contains("cluster id \"(unclosed\" is not a DNS-1123 label")
        .doesNotContain("Exception");
    assertThat(result.getOutput()).contains("0 file(s) differ");
    assertThat(DiffCommand.inCluster("production/edge.*/config.alloy", "edge.*")).isTrue();
    assertThat(DiffCommand.inCluster("production/edge-small/config.alloy", "edge.*")).isFalse();
  }

  @Test
  void anExpressionTooDeepIsALocatedErrorInCheckAlloyAndValidate(QuarkusMainLauncher launcher) {
    String index = BAD_INPUTS + "/clusters/alloy-deep-index-chain/deep.alloy";
    String addition = BAD_INPUTS + "/clusters/alloy-deep-addition-chain/deep.alloy";

    LaunchResult checked = launcher.launch("check-alloy", index, addition);
    LaunchResult validated = launcher.launch("validate", "--fleet", BAD_INPUTS);

    assertThat(checked.exitCode()).isEqualTo(1);
    assertThat(checked.getErrorOutput())
        .contains(index + ":4:637: error: expression nested too deeply: more than 200 levels")
        .contains(addition + ":4:1214: error: expression nested too deeply: more than 200 levels")
        .doesNotContain("StackOverflowError", "Exception");
    assertThat(checked.getOutput()).contains("2 file(s) checked, 2 with errors");
    assertThat(validated.exitCode()).isEqualTo(1);
    assertThat(validated.getErrorOutput())
        .contains(index + ":4:637: error: expression nested too deeply")
        .contains(addition + ":4:1214: error: expression nested too deeply")
        .doesNotContain("StackOverflowError", "Exception");
    assertThat(validated.getOutput()).contains("cluster(s) valid");
  }

  @Test
  void explainShowsWhereALiteralTokenWasSetNeverItsValue(QuarkusMainLauncher launcher) {
    LaunchResult result =
        launcher.launch("explain", "--fleet", BAD_INPUTS, "--cluster", "rule-literal-token");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getOutput())
        .contains("auth.token = \"<redacted>\"  # clusters/rule-literal-token/cluster.yaml:7:10");
    assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain("eyJhbGciOiJIUzI1NiJ9");
  }
}
