package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.check.OutputChecker;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.source.FleetSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault while handling one cluster (a bug, a stack overflow on a team's deep expression) is that
 * cluster's located problem: the other clusters render, the faulty one keeps its last good render.
 * Once, a StackOverflowError in the Alloy checker stopped every cluster of the fleet, silently.
 */
@QuarkusTest
class ClusterFaultTest {

  @Inject RenderPipeline pipeline;

  @TempDir Path dir;

  FleetRepo origin;
  Repository cache;

  @BeforeEach
  void setUp() throws Exception {
    origin = FleetRepo.seeded(dir, Path.of("gitops-example")).withoutRollout();
    cache = FleetRepo.emptyCache(dir);
  }

  @AfterEach
  void tearDown() {
    origin.close();
    cache.close();
  }

  Sync sync(RenderPipeline stages) {
    RemoteAccess access = RemoteAccess.anonymous(origin.url(), dir.resolve("ssh"));
    return new Sync(
        new FleetSource(cache, access, "main", ""),
        new BranchPublisher(cache, access, "rendered/{environment}", origin.url()),
        stages,
        Duration.ofMillis(5));
  }

  /** Both clusters change; the next sync runs with {@code stages}. */
  SyncOutcome.Synced changeBothAndSync(RenderPipeline stages) throws Exception {
    origin.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 61s");
    origin.edit(
        "clusters/payments-prod/cluster.yaml", "namespaces:\n", "namespaces:\n    - added\n");
    origin.commit("Change edge-small and payments-prod");
    return (SyncOutcome.Synced) sync(stages).run();
  }

  @Test
  void aStackOverflowWhileCheckingOneClusterIsItsProblemAndTheOthersRender() throws Exception {
    assertThat(sync(pipeline).run()).isInstanceOf(SyncOutcome.Synced.class);
    Map<String, String> before = origin.files("rendered/production");

    RenderPipeline faulty =
        pipeline.withCheck(
            (spec, cluster) -> {
              if (spec.id().equals("edge-small")) {
                throw new StackOverflowError();
              }
              return OutputChecker.check(spec, cluster);
            });
    SyncOutcome.Synced synced = changeBothAndSync(faulty);

    assertThat(synced.render().invalid())
        .singleElement()
        .satisfies(
            invalid -> {
              assertThat(invalid.id()).isEqualTo("edge-small");
              assertThat(invalid.problems())
                  .extracting(Problem::format)
                  .containsExactly(
                      "clusters/edge-small/cluster.yaml:1:1: error: internal error while checking"
                          + " the cluster: StackOverflowError (the input nests too deeply)\n"
                          + "  hint: an expression or a structure nests too deeply: make it"
                          + " flatter");
            });
    Map<String, String> after = origin.files("rendered/production");
    assertThat(after.get("edge-small/config.alloy"))
        .isEqualTo(before.get("edge-small/config.alloy"));
    assertThat(after.get("payments-prod/config.alloy")).contains("\"added\"");
  }

  @Test
  void aFaultThatIsNotAnErrorIsContainedTooAndNamesNoValue() throws Exception {
    assertThat(sync(pipeline).run()).isInstanceOf(SyncOutcome.Synced.class);
    RenderPipeline faulty =
        pipeline.withCheck(
            (spec, cluster) -> {
              if (spec.id().equals("edge-small")) {
                throw new IllegalStateException("token hunter2 in a message");
              }
              return OutputChecker.check(spec, cluster);
            });
    SyncOutcome.Synced synced = changeBothAndSync(faulty);
    assertThat(synced.render().problems())
        .extracting(Problem::format)
        .singleElement()
        .asString()
        .contains("internal error while checking the cluster: java.lang.IllegalStateException")
        .doesNotContain("hunter2");
    assertThat(origin.files("rendered/production").get("payments-prod/config.alloy"))
        .contains("\"added\"");
  }

  @Test
  void aTwentyThousandIndexExpressionStopsOnlyItsCluster() throws Exception {
    assertThat(sync(pipeline).run()).isInstanceOf(SyncOutcome.Synced.class);
    Map<String, String> before = origin.files("rendered/production");
    origin.write(
        "clusters/edge-small/deep.alloy",
        "prometheus.scrape \"deep\" {\n  targets = []\n  job_name = discovery.kubernetes.pods"
            + ".targets"
            + "[0]".repeat(20_000)
            + "\n  forward_to = []\n}\n");

    SyncOutcome.Synced synced = changeBothAndSync(pipeline);

    assertThat(synced.render().invalid())
        .singleElement()
        .satisfies(
            invalid -> {
              assertThat(invalid.id()).isEqualTo("edge-small");
              assertThat(invalid.problems())
                  .allSatisfy(p -> assertThat(p.file()).startsWith("clusters/edge-small/"));
            });
    Map<String, String> after = origin.files("rendered/production");
    assertThat(after.get("edge-small/config.alloy"))
        .isEqualTo(before.get("edge-small/config.alloy"));
    assertThat(after.get("payments-prod/config.alloy")).contains("\"added\"");
  }
}
