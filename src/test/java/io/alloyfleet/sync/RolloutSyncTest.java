package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.rollout.Gates;
import io.alloyfleet.rollout.Health;
import io.alloyfleet.rollout.RolloutPlanner;
import io.alloyfleet.rollout.RolloutState;
import io.alloyfleet.rollout.RolloutStatus;
import io.alloyfleet.source.FleetSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts end to end: real source and destination repositories, a controller that syncs them, the
 * gates answering as the test says. Every state is read back from the rendered branches.
 */
@QuarkusTest
class RolloutSyncTest {

  static final String ROLLOUT =
      """
      rollout:
        waves:
          - name: canary
            selector: {ring: canary}
          - name: early
            percent: 50
          - name: rest
        soak: SOAK
        gates: {argocd: false}
        progressDeadline: 30m
      """;

  @Inject RenderPipeline pipeline;

  @TempDir Path dir;

  FleetRepo origin;
  Repository cache;
  final Map<String, Health> health = new ConcurrentHashMap<>();
  final MutableClock clock = new MutableClock();

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-30T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }
  }

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

  Sync controller() {
    RemoteAccess remote = RemoteAccess.anonymous(origin.url(), dir.resolve("ssh"));
    Gates gates =
        (rollout, branch, clusters) -> {
          Map<String, Health> answer = new TreeMap<>();
          clusters.forEach(c -> answer.put(c.id(), health.getOrDefault(c.id(), Health.HEALTHY)));
          return answer;
        };
    return new Sync(
        new FleetSource(cache, remote, "main", ""),
        new BranchPublisher(cache, remote, "rendered/{environment}", origin.url()),
        pipeline,
        Duration.ofMillis(5),
        gates,
        clock);
  }

  /** The fleet with a rollout (production's payments-prod is the canary), rendered once. */
  Sync rolledOut(String soak) throws Exception {
    origin.write(
        "fleet.yaml",
        java.nio.file.Files.readString(origin.work.resolve("fleet.yaml"))
            + ROLLOUT.replace("SOAK", soak));
    origin.edit(
        "clusters/payments-prod/cluster.yaml",
        "labels: {region: westeurope}",
        "labels: {region: westeurope, ring: canary}");
    origin.commit("Roll fleet-wide changes out in waves");
    Sync sync = controller();
    assertThat(sync.run()).isInstanceOf(SyncOutcome.Synced.class);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.IDLE);
    return sync;
  }

  /** The rollout's first wave took a change of the fleet's scrape interval to 45s. */
  Sync canaryTook45s(String soak) throws Exception {
    Sync sync = rolledOut(soak);
    changeScrapeInterval("45s");
    synced(sync);
    return sync;
  }

  void changeScrapeInterval(String to) throws Exception {
    String fleet = java.nio.file.Files.readString(origin.work.resolve("fleet.yaml"));
    origin.write("fleet.yaml", fleet.replaceFirst("scrapeInterval: \\w+", "scrapeInterval: " + to));
    origin.commit("Scrape every " + to);
  }

  String scrape(String cluster) throws Exception {
    String config = origin.files("rendered/production").get(cluster + "/config.alloy");
    var m = java.util.regex.Pattern.compile("scrape_interval = \"(\\w+)\"").matcher(config);
    return m.find() ? m.group(1) : "";
  }

  static RolloutStatus status(Sync sync, String environment) {
    return sync.rollouts().last().statuses().get(environment);
  }

  static String waveOf(RolloutStatus status, String cluster) {
    return status.waves().stream()
        .filter(w -> w.clusters().contains(cluster))
        .findFirst()
        .orElseThrow()
        .name();
  }

  SyncOutcome.Synced synced(Sync sync) throws Exception {
    SyncOutcome outcome = sync.run();
    assertThat(outcome).isInstanceOf(SyncOutcome.Synced.class);
    return (SyncOutcome.Synced) outcome;
  }

  @Test
  void aFleetWideChangeGoesOutWaveByWave() throws Exception {
    Sync sync = rolledOut("0s");
    changeScrapeInterval("45s");

    synced(sync);
    assertThat(scrape("payments-prod")).isEqualTo("45s");
    assertThat(scrape("platform-prod")).isEqualTo("30s");
    RolloutStatus first = status(sync, "production");
    assertThat(first.state()).isEqualTo(RolloutState.PROGRESSING);
    assertThat(first.wave().name()).isEqualTo("canary");
    assertThat(first.targetCommit()).isEqualTo(origin.tip("main").name());
    assertThat(origin.log("rendered/production").get(0).getFullMessage())
        .contains("Rollout of " + origin.tip("main").name().substring(0, 7) + " in production")
        .contains("\"canary\"");

    // Only platform-prod still waits (edge-small and ingest-prod set their own interval): the
    // waves without a waiting cluster are skipped.
    String platformWave = waveOf(first, "platform-prod");
    synced(sync); // canary healthy, soak 0: the next wave with a cluster waiting
    assertThat(status(sync, "production").wave().name()).isEqualTo(platformWave);
    assertThat(scrape("platform-prod")).isEqualTo("45s");
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.COMPLETE);
    assertThat(List.of(scrape("payments-prod"), scrape("platform-prod"))).containsOnly("45s");
    assertThat(scrape("edge-small")).as("its own 60s wins").isEqualTo("60s");
    String record = origin.files("rendered/production").get("rollout.json");
    assertThat(record).contains("\"state\" : \"complete\"");
  }

  @Test
  void anUnhealthyCanaryHaltsTheRolloutAndARevertGoesOutAtOnce() throws Exception {
    Sync sync = canaryTook45s("0s");
    health.put("payments-prod", new Health.Unhealthy("Prometheus: up is 0"));

    synced(sync);
    RolloutStatus halted = status(sync, "production");
    assertThat(halted.state()).isEqualTo(RolloutState.HALTED);
    assertThat(halted.reason()).contains("canary").contains("payments-prod").contains("up is 0");
    assertThat(halted.unhealthy())
        .extracting(RolloutStatus.Unhealthy::cluster)
        .containsExactly("payments-prod");
    assertThat(origin.files("rendered/production").get("rollout.json"))
        .contains("\"state\" : \"halted\"")
        .contains("\"halts\" : 1");
    String tip = origin.tip("rendered/production").name();
    health.clear(); // healthy again: a halt stays until someone acts
    assertThat(sync.run()).isInstanceOf(SyncOutcome.SourceUnchanged.class);
    assertThat(origin.tip("rendered/production").name()).isEqualTo(tip);
    assertThat(scrape("platform-prod")).isEqualTo("30s");

    changeScrapeInterval("30s"); // the revert
    synced(sync);
    assertThat(scrape("payments-prod"))
        .as("the first wave takes the revert at once")
        .isEqualTo("30s");
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.PROGRESSING);
    synced(sync); // platform-prod already renders like the revert: nothing else waits
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.COMPLETE);
  }

  @Test
  void aWaveNotHealthyByItsDeadlineHalts() throws Exception {
    Sync sync = canaryTook45s("0s");
    health.put(
        "payments-prod", new Health.Waiting("Argo CD has not synced its rendered commit yet"));
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.PROGRESSING);
    assertThat(status(sync, "production").reason()).contains("waits for wave canary");

    clock.advance(Duration.ofMinutes(31));
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.HALTED);
    assertThat(status(sync, "production").reason()).contains("not healthy within 30m");
    assertThat(scrape("platform-prod")).isEqualTo("30s");
  }

  @Test
  void aRolloutRecordWhoseTimeCannotBeReadCountsItsDeadlineFromWhenItWasSeen() throws Exception {
    Sync sync = canaryTook45s("0s");
    health.put(
        "payments-prod", new Health.Waiting("Argo CD has not synced its rendered commit yet"));
    synced(sync);
    String record = origin.files("rendered/production").get("rollout.json");
    origin.writeOnBranch(
        "rendered/production",
        "rollout.json",
        record.replaceFirst("\"since\" : \"[^\"]+\"", "\"since\" : \"yesterday\""));
    clock.advance(Duration.ofMinutes(10));
    Instant seen = clock.instant();

    synced(sync);
    RolloutStatus damaged = status(sync, "production");
    assertThat(damaged.state())
        .as("not the epoch: the deadline has not passed")
        .isEqualTo(RolloutState.PROGRESSING);
    assertThat(damaged.since()).isEqualTo(seen.toString());

    clock.advance(Duration.ofMinutes(25)); // 35 minutes after the wave began, 25 after seen
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.PROGRESSING);
    clock.advance(Duration.ofMinutes(6));
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.HALTED);
    assertThat(origin.files("rendered/production").get("rollout.json"))
        .as("the halt rewrote the record")
        .contains("\"state\" : \"halted\"")
        .doesNotContain("yesterday");
    assertThat(scrape("platform-prod")).isEqualTo("30s");
  }

  @Test
  void aHealthyWaveSoaksBeforeTheNextStarts() throws Exception {
    Sync sync = canaryTook45s("10m");
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.SOAKING);
    clock.advance(Duration.ofMinutes(9));
    synced(sync);
    assertThat(scrape("platform-prod")).isEqualTo("30s");
    clock.advance(Duration.ofMinutes(2));
    synced(sync);
    assertThat(scrape("platform-prod")).isEqualTo("45s");
  }

  @Test
  void aNewFleetWideCommitMidRolloutStartsAgainFromTheFirstWave() throws Exception {
    Sync sync = canaryTook45s("0s");
    changeScrapeInterval("50s");
    synced(sync);
    RolloutStatus restarted = status(sync, "production");
    assertThat(restarted.wave().name()).isEqualTo("canary");
    assertThat(restarted.targetCommit()).isEqualTo(origin.tip("main").name());
    assertThat(scrape("payments-prod")).isEqualTo("50s");
    assertThat(scrape("platform-prod"))
        .as("not reached: goes straight to the newest")
        .isEqualTo("30s");
    synced(sync);
    assertThat(scrape("platform-prod")).isEqualTo("50s");
  }

  @Test
  void aClusterOnlyChangeGoesOutAtOnceWithTheSharedLayersItRuns() throws Exception {
    Sync sync = canaryTook45s("0s");
    health.put("payments-prod", new Health.Waiting("Progressing")); // the canary holds the rollout
    origin.edit("clusters/platform-prod/cluster.yaml", "id: platform", "id: platform-two");
    origin.commit("platform-prod: a tenant of its own");
    synced(sync);
    Map<String, String> files = origin.files("rendered/production");
    assertThat(files.get("platform-prod/config.alloy")).contains("\"platform-two\"");
    assertThat(scrape("platform-prod")).as("still the shared layers it ran").isEqualTo("30s");
    assertThat(files.get("platform-prod/hydrator.metadata"))
        .contains("\"sharedLayersCommit\" : \"" + status(sync, "production").fromCommit() + "\"");
    assertThat(status(sync, "production").wave().name()).isEqualTo("canary");
  }

  @Test
  void aRestartedControllerContinuesFromTheBranches() throws Exception {
    Sync sync = canaryTook45s("0s");
    health.put("payments-prod", new Health.Unhealthy("Degraded"));
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.HALTED);

    health.clear();
    Sync restarted = controller(); // a new process: nothing in memory
    synced(restarted);
    RolloutStatus after = status(restarted, "production");
    assertThat(after.state()).isEqualTo(RolloutState.HALTED);
    assertThat(after.targetCommit()).isEqualTo(origin.tip("main").name());
    assertThat(scrape("payments-prod")).isEqualTo("45s");
    assertThat(scrape("platform-prod")).isEqualTo("30s");
  }

  @Test
  void operatorsPauseResumeAndAbort() throws Exception {
    Sync sync = canaryTook45s("0s");
    sync.rollouts().request("production", RolloutPlanner.Action.PAUSE);
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.PAUSED);
    assertThat(sync.run())
        .as("a paused rollout has nothing to do")
        .isInstanceOf(SyncOutcome.SourceUnchanged.class);
    assertThat(scrape("platform-prod")).isEqualTo("30s");

    sync.rollouts().request("production", RolloutPlanner.Action.RESUME);
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.PROGRESSING);

    sync.rollouts().request("production", RolloutPlanner.Action.ABORT);
    synced(sync);
    RolloutStatus aborted = status(sync, "production");
    assertThat(aborted.state()).isEqualTo(RolloutState.HALTED);
    assertThat(aborted.reason()).contains("aborted");
    assertThat(scrape("payments-prod")).as("back to the previous layers").isEqualTo("30s");
    sync.run();
    assertThat(scrape("payments-prod")).isEqualTo("30s");

    changeScrapeInterval("50s"); // a new fleet-wide commit ends the abort
    synced(sync);
    assertThat(scrape("payments-prod")).isEqualTo("50s");
  }

  @Test
  void anEnvironmentStartsOnlyAfterTheOneBeforeItCompleted() throws Exception {
    origin.write(
        "fleet.yaml",
        java.nio.file.Files.readString(origin.work.resolve("fleet.yaml"))
            + ROLLOUT
                .replace("SOAK", "0s")
                .replace("rollout:\n", "rollout:\n  order: [staging, production]\n"));
    origin.edit(
        "clusters/payments-prod/cluster.yaml",
        "labels: {region: westeurope}",
        "labels: {region: westeurope, ring: canary}");
    origin.edit("environments/staging.yaml", "metrics:\n  scrapeInterval: 30s\n", "");
    origin.commit("Staging before production");
    Sync sync = controller();
    synced(sync);
    changeScrapeInterval("45s");
    health.put("checkout-staging", new Health.Waiting("Progressing"));
    synced(sync);
    assertThat(status(sync, "staging").state()).isEqualTo(RolloutState.PROGRESSING);
    assertThat(status(sync, "production").reason()).contains("waits for staging");
    assertThat(scrape("payments-prod")).isEqualTo("30s");

    health.clear();
    synced(sync); // staging completes (one cluster, one wave)
    assertThat(status(sync, "staging").state()).isEqualTo(RolloutState.COMPLETE);
    synced(sync);
    assertThat(scrape("payments-prod")).isEqualTo("45s");
  }

  static String problems(SyncOutcome.Synced synced, String cluster) {
    return synced.render().invalid().stream()
        .filter(i -> i.id().equals(cluster))
        .flatMap(i -> i.problems().stream())
        .map(io.alloyfleet.diagnostics.Problem::format)
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  @Test
  void aClusterThatTakesAnothersNameIsTheInvalidOneAndTheOwnerStillRenders() throws Exception {
    Sync sync = rolledOut("0s");
    origin.edit(
        "clusters/platform-prod/cluster.yaml",
        "  environment: production\n",
        "  environment: production\n  name: payments-prod\n");
    origin.edit(
        "clusters/payments-prod/cluster.yaml", "namespaces:\n", "namespaces:\n    - added\n");
    origin.commit("platform-prod claims payments-prod's name; payments-prod's team changes");

    SyncOutcome.Synced synced = synced(sync);

    assertThat(synced.render().invalid()).extracting(i -> i.id()).containsExactly("platform-prod");
    assertThat(problems(synced, "platform-prod"))
        .startsWith(
            "clusters/platform-prod/cluster.yaml:5:9: error: cluster.name: cluster name"
                + " \"payments-prod\" is held by clusters/payments-prod");
    assertThat(origin.files("rendered/production").get("payments-prod/config.alloy"))
        .as("the owner's own change lands")
        .contains("\"added\"");
  }

  @Test
  void aClusterKeepsTheNameItWasRenderedUnderAgainstADirectoryOfThatName() throws Exception {
    Sync sync = rolledOut("0s");
    origin.edit(
        "clusters/ingest-prod/cluster.yaml",
        "  environment: production\n",
        "  environment: production\n  name: ingest\n");
    origin.commit("ingest-prod is called ingest");
    synced(sync);
    assertThat(origin.files("rendered/production").get("ingest-prod/hydrator.metadata"))
        .contains("\"clusterName\" : \"ingest\"");
    origin.write(
        "clusters/ingest/cluster.yaml",
        "cluster:\n  environment: production\nmonitoring:\n  namespaces: [apps]\n");
    origin.commit("A new cluster whose directory is named ingest");

    SyncOutcome.Synced synced = synced(sync);

    assertThat(synced.render().invalid()).extracting(i -> i.id()).containsExactly("ingest");
    assertThat(problems(synced, "ingest"))
        .contains(
            "clusters/ingest/cluster.yaml:1:1: error: cluster.name: cluster name \"ingest\" is"
                + " held by clusters/ingest-prod (its rendered branch has it under this name)");
  }

  @Test
  void aCanaryWaveEmptiedByInvalidClustersHoldsTheRolloutInsteadOfPassing() throws Exception {
    Sync sync = rolledOut("0s");
    for (String canary : List.of("payments-prod", "edge-small")) {
      origin.edit(
          "clusters/" + canary + "/cluster.yaml", "cluster:\n", "unknownKey: 1\ncluster:\n");
    }
    origin.commit("Both canaries become invalid");
    synced(sync);
    changeScrapeInterval("45s");

    synced(sync);
    synced(sync);

    RolloutStatus status = status(sync, "production");
    assertThat(status.state()).isEqualTo(RolloutState.PROGRESSING);
    assertThat(status.wave().name()).isEqualTo("canary");
    assertThat(status.reason()).contains("waits for wave canary").contains("invalid");
    assertThat(scrape("platform-prod")).as("the change stays behind the canary").isEqualTo("30s");

    clock.advance(Duration.ofMinutes(31));
    synced(sync);
    assertThat(status(sync, "production").state()).isEqualTo(RolloutState.HALTED);
    assertThat(scrape("platform-prod")).isEqualTo("30s");
  }

  @Test
  void aClusterEditingItsOwnLabelsDuringARolloutDoesNotMoveWaves() throws Exception {
    Sync sync = canaryTook45s("0s");
    health.put("payments-prod", new Health.Unhealthy("Prometheus: up is 0"));
    synced(sync);
    RolloutStatus halted = status(sync, "production");
    assertThat(halted.state()).isEqualTo(RolloutState.HALTED);
    String platformWave = waveOf(halted, "platform-prod");
    assertThat(platformWave).isNotEqualTo("canary");
    assertThat(origin.files("rendered/production").get("rollout.json"))
        .contains("\"membership\"")
        .contains("\"platform-prod\" : ");

    origin.edit(
        "clusters/platform-prod/cluster.yaml",
        "labels: {region: northeurope}",
        "labels: {region: northeurope, ring: canary}");
    origin.commit("platform-prod joins the canary to get the halted change");
    synced(sync);

    RolloutStatus after = status(sync, "production");
    assertThat(after.state()).isEqualTo(RolloutState.HALTED);
    assertThat(waveOf(after, "platform-prod")).isEqualTo(platformWave);
    assertThat(after.waves().get(0).clusters()).doesNotContain("platform-prod");
    assertThat(scrape("platform-prod")).as("the halted change does not reach it").isEqualTo("30s");
  }
}
