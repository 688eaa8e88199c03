package io.alloyfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.sync.FleetRepo;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code preview}: a pull request's render in a CI job, from a real clone. */
@QuarkusMainTest
class PreviewCommandTest {

  /** A clone whose HEAD changes one cluster and breaks another, on top of origin/main. */
  static FleetRepo changed(Path dir) throws Exception {
    FleetRepo repo = FleetRepo.seeded(dir, Path.of("gitops-example"));
    try (Git git = Git.open(repo.work.toFile())) {
      git.checkout().setCreateBranch(true).setName("change").call();
    }
    repo.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 90s");
    repo.edit("clusters/payments-prod/cluster.yaml", "scope: namespace", "scope: namespaces");
    repo.write(
        "clusters/new-edge/cluster.yaml",
        "cluster:\n  environment: staging\n  labels: {ring: canary}\nmonitoring:\n  namespaces: [apps]\n");
    try (Git git = Git.open(repo.work.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("A change for review").call();
    }
    return repo;
  }

  @Test
  void jsonListsEachAffectedClusterWithItsDiffAndProblems(
      QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
    try (FleetRepo repo = changed(dir)) {
      LaunchResult result = preview(launcher, repo, "origin/main", "--format", "json");
      assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(1);
      JsonNode json = new ObjectMapper().readTree(result.getOutput());
      assertThat(json.path("base").asText()).isEqualTo(repo.tip("main").name());
      assertThat(json.path("summary").path("changed").asInt()).isEqualTo(3);
      assertThat(json.path("summary").path("invalid").asInt()).isEqualTo(1);
      assertThat(json.path("summary").path("unchanged").asInt()).isEqualTo(4);
      JsonNode edge = cluster(json, "edge-small");
      assertThat(edge.path("change").asText()).isEqualTo("changed");
      assertThat(edge.path("environment").asText()).isEqualTo("production");
      assertThat(edge.path("diff").asText())
          .contains("--- a/edge-small/config.alloy")
          .contains("-  scrape_interval = \"60s\"")
          .contains("+  scrape_interval = \"90s\"");
      assertThat(edge.path("linesAdded").asInt()).isPositive();
      assertThat(cluster(json, "new-edge").path("change").asText()).isEqualTo("added");
      JsonNode payments = cluster(json, "payments-prod");
      assertThat(payments.path("change").asText()).isEqualTo("invalid");
      assertThat(payments.path("problems").get(0).path("file").asText())
          .isEqualTo("clusters/payments-prod/cluster.yaml");
      assertThat(payments.path("problems").get(0).path("line").asInt()).isEqualTo(15);
      assertThat(payments.path("problems").get(0).path("path").asText()).isEqualTo("rbac.scope");
    }
  }

  @Test
  void markdownIsTheCommentWithItsMarker(QuarkusMainLauncher launcher, @TempDir Path dir)
      throws Exception {
    try (FleetRepo repo = changed(dir)) {
      LaunchResult result =
          launcher.launch(
              "preview", "--repo", repo.work.toString(), "--base", "origin/main", "--head", "HEAD");
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.getOutput())
          .startsWith("<!-- alloy-fleet-preview -->")
          .contains("3 clusters change, 1 invalid")
          .contains("| production | edge-small | changed |")
          .contains("clusters/payments-prod/cluster.yaml:15:")
          .contains("<details><summary>edge-small (production): changed");
    }
  }

  @Test
  void unknownRevisionsAreUsageErrors(QuarkusMainLauncher launcher, @TempDir Path dir)
      throws Exception {
    try (FleetRepo repo = FleetRepo.seeded(dir, Path.of("gitops-example"))) {
      LaunchResult result =
          launcher.launch(
              "preview", "--repo", repo.work.toString(), "--base", "nope", "--head", "HEAD");
      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.getErrorOutput()).contains("--base: no commit nope");
      LaunchResult same =
          launcher.launch(
              "preview", "--repo", repo.work.toString(), "--base", "HEAD", "--head", "HEAD");
      assertThat(same.exitCode()).isZero();
      assertThat(same.getOutput()).contains("no cluster changes");
    }
  }

  @Test
  void aChangeOfTheSharedLayersNamesTheWavesItWouldGoThrough(
      QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
    try (FleetRepo repo = FleetRepo.seeded(dir, Path.of("gitops-example"))) {
      try (Git git = Git.open(repo.work.toFile())) {
        git.checkout().setCreateBranch(true).setName("change").call();
        repo.edit("fleet.yaml", "scrapeInterval: 30s", "scrapeInterval: 45s");
        git.commit().setAll(true).setMessage("Scrape every 45s").call();
      }
      LaunchResult result = preview(launcher, repo, "origin/main", "--format", "json");
      assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
      JsonNode json = new ObjectMapper().readTree(result.getOutput());
      JsonNode production = null;
      for (JsonNode rollout : json.path("rollouts")) {
        if (rollout.path("environment").asText().equals("production")) {
          production = rollout;
        }
      }
      assertThat(production).as(json.toString()).isNotNull();
      assertThat(production.path("waves").get(0).path("name").asText()).isNotEmpty();
      assertThat(production.path("gates").path("platform-prod").asText())
          .as("the query the cluster's gate would run")
          .isEqualTo("min(up{job=\"alloy-agent\", cluster=\"platform-prod\"})");
      assertThat(cluster(json, "platform-prod").path("change").asText()).isEqualTo("changed");
    }
  }

  @Test
  void aNameThatCollidesWithAClusterOutsideTheChangeIsRefused(
      QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
    try (FleetRepo repo = FleetRepo.seeded(dir, Path.of("gitops-example"))) {
      try (Git git = Git.open(repo.work.toFile())) {
        git.checkout().setCreateBranch(true).setName("change").call();
        repo.edit(
            "clusters/edge-small/cluster.yaml",
            "  environment: production\n",
            "  environment: production\n  name: payments-prod\n");
        git.commit().setAll(true).setMessage("Name edge-small like payments-prod").call();
      }
      LaunchResult result = preview(launcher, repo, "origin/main", "--format", "json");
      assertThat(result.exitCode()).as(result.getOutput()).isEqualTo(1);
      JsonNode json = new ObjectMapper().readTree(result.getOutput());
      assertThat(cluster(json, "edge-small").path("change").asText()).isEqualTo("invalid");
      assertThat(cluster(json, "edge-small").path("problems").toString()).contains("payments-prod");
    }
  }

  /** {@code preview} of the clone's HEAD against {@code base}. */
  static LaunchResult preview(
      QuarkusMainLauncher launcher, FleetRepo repo, String base, String... more) {
    String[] args = {"preview", "--repo", repo.work.toString(), "--base", base, "--head", "HEAD"};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return launcher.launch(all);
  }

  static JsonNode cluster(JsonNode json, String id) {
    for (JsonNode c : json.path("clusters")) {
      if (c.path("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no cluster " + id + " in " + json);
  }
}
