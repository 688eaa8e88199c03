package io.alloyfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark harness works (a small run); the real figures live in BENCHMARKS.md. */
@QuarkusMainTest
class BenchSmokeTest {

  @Test
  void benchPrintsTheTrackedFiguresAsJson(QuarkusMainLauncher launcher, @TempDir Path parent)
      throws Exception {
    LaunchResult result =
        launcher.launch(
            "bench",
            "--dir",
            parent.toString(),
            "--clusters",
            "20",
            "--runs",
            "1",
            "--json",
            "--jmh",
            "--jmh-iteration",
            "100ms");
    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    JsonNode figures =
        new ObjectMapper()
            .readTree(
                result
                    .getOutput()
                    .lines()
                    .filter(l -> l.startsWith("{"))
                    .findFirst()
                    .orElseThrow());
    assertThat(figures.path("clusters").asInt()).isEqualTo(20);
    for (String field :
        new String[] {
          "fullSyncMs",
          "oneClusterChangeMs",
          "oneGroupChangeMs",
          "rolloutMs",
          "oneClusterChangeDuringRolloutMs",
          "previewOneClusterMs",
          "gitBaselineMs",
          "heapAfterSyncMb"
        }) {
      assertThat(figures.path(field).asLong()).as(field).isPositive();
    }
    assertThat(figures.path("peakRssMb").asLong()).isPositive();
    // Every repository and the C git baseline's work tree went where --dir said.
    assertThat(Path.of(figures.path("dir").asText()).getParent()).isEqualTo(parent);
    // Where the full sync's time went: each wall stage timed, and JFR's samples in stages.
    JsonNode stages = figures.path("fullSyncStages");
    for (String stage :
        new String[] {
          "poll and fetch source", "fetch rendered branches", "load, render and check", "publish"
        }) {
      assertThat(stages.path("wallMs").path(stage).asLong(-1)).as(stage).isNotNegative();
    }
    assertThat(stages.path("cpuMs").properties())
        .extracting(java.util.Map.Entry::getKey)
        .contains("load", "merge", "validate", "render", "check", "hash", "tree build", "push");
    assertThat(stages.path("samples").asInt()).isPositive();
    // A poll that finds nothing new costs less than rendering the whole fleet.
    assertThat(figures.has("noChangePollMs")).isTrue();
    assertThat(figures.get("noChangePollMs").asLong())
        .isLessThan(figures.get("fullSyncMs").asLong());
    // The canary group matches one cluster in a hundred: of 20 clusters, one renders again.
    assertThat(figures.get("oneGroupChangeClusters").asInt()).isEqualTo(1);
    // Ten waves; with 20 clusters, some percent waves take the one cluster left.
    assertThat(figures.get("rolloutWaves").asInt()).isBetween(2, 10);
    List<JsonNode> jmh = new ArrayList<>();
    for (String line :
        result.getOutput().lines().filter(l -> l.startsWith("{\"benchmark\"")).toList()) {
      jmh.add(new ObjectMapper().readTree(line));
    }
    assertThat(jmh)
        .as(result.getOutput() + result.getErrorOutput())
        .extracting(j -> j.path("benchmark").asText())
        .containsExactlyInAnyOrder("loadRenderAndCheckOneCluster", "checkOneConfig");
    assertThat(jmh).allSatisfy(j -> assertThat(j.path("score").asDouble()).isPositive());
  }

  @Test
  void generateFleetIsDeterministicAndValid(QuarkusMainLauncher launcher, @TempDir Path dir)
      throws Exception {
    assertThat(
            launcher
                .launch("generate-fleet", "--clusters", "30", "--out", dir.resolve("a").toString())
                .exitCode())
        .isZero();
    assertThat(
            launcher
                .launch("generate-fleet", "--clusters", "30", "--out", dir.resolve("b").toString())
                .exitCode())
        .isZero();
    try (var files = Files.walk(dir.resolve("a"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(dir.resolve("b").resolve(dir.resolve("a").relativize(file)))
            .hasSameTextualContentAs(file);
      }
    }
    LaunchResult validate = launcher.launch("validate", "--fleet", dir.resolve("a").toString());
    assertThat(validate.exitCode()).as(validate.getErrorOutput()).isZero();
    assertThat(validate.getOutput()).contains("30 cluster(s) valid, 0 invalid");
  }
}
