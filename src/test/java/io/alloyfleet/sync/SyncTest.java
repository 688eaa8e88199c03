package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.git.LocalCache;
import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.publish.Destination;
import io.alloyfleet.publish.PublishException;
import io.alloyfleet.publish.PublishOutcome;
import io.alloyfleet.publish.Publisher;
import io.alloyfleet.publish.RenderedBranch;
import io.alloyfleet.source.FleetSource;
import io.alloyfleet.source.SourceCommit;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller's sync against real Git repositories (file://), end to end. */
@QuarkusTest
class SyncTest {

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

  Sync sync() {
    return sync(publisher());
  }

  BranchPublisher publisher() {
    return new BranchPublisher(
        cache,
        RemoteAccess.anonymous(origin.url(), dir.resolve("ssh")),
        "rendered/{environment}",
        origin.url());
  }

  Sync sync(Publisher publisher) {
    FleetSource source =
        new FleetSource(
            cache, RemoteAccess.anonymous(origin.url(), dir.resolve("ssh")), "main", "");
    return new Sync(source, publisher, pipeline, Duration.ofMillis(5));
  }

  static Set<String> changedPaths(Map<String, String> before, Map<String, String> after) {
    Set<String> changed = new TreeSet<>();
    before.forEach(
        (p, t) -> {
          if (!t.equals(after.get(p))) {
            changed.add(p);
          }
        });
    after.keySet().stream().filter(p -> !before.containsKey(p)).forEach(changed::add);
    return changed;
  }

  @Test
  void firstSyncCreatesOneRenderedBranchPerEnvironment() throws Exception {
    SyncOutcome outcome = sync().run();
    assertThat(outcome).isInstanceOf(SyncOutcome.Synced.class);
    assertThat(((SyncOutcome.Synced) outcome).commits())
        .containsOnlyKeys("development", "production", "staging");
    Map<String, String> production = origin.files("rendered/production");
    assertThat(production)
        .containsKeys(
            "payments-prod/config.alloy",
            "payments-prod/deployment.yaml",
            "payments-prod/hydrator.metadata",
            "_fleet/prometheusrule.yaml",
            "README.md",
            ".gitattributes");
    assertThat(production.keySet()).noneMatch(p -> p.startsWith("dev-sandbox/"));
    assertThat(production.get("payments-prod/hydrator.metadata"))
        .contains("\"drySha\" : \"" + origin.tip("main").name() + "\"")
        .contains("\"repoURL\" : ")
        .contains("\"configHash\"")
        .contains("\"rendererVersion\"");
    assertThat(production.get(".gitattributes")).contains("linguist-generated");
    assertThat(origin.log("rendered/production").get(0).getFullMessage())
        .startsWith(
            "Render " + origin.tip("main").name().substring(0, 7) + ": Every change at once")
        .contains("- payments-prod")
        .contains("Co-authored-by: Ada Fleet <ada@example.com>");
  }

  @Test
  void renderedBranchesCanGoToASeparateRepository() throws Exception {
    Path rendered = dir.resolve("rendered.git");
    Git.init().setBare(true).setDirectory(rendered.toFile()).call().close();
    String url = rendered.toUri().toString();
    BranchPublisher elsewhere =
        new BranchPublisher(
            cache,
            RemoteAccess.anonymous(url, dir.resolve("ssh")),
            "env/{environment}",
            origin.url());
    assertThat(sync(elsewhere).run()).isInstanceOf(SyncOutcome.Synced.class);
    try (Git git = Git.open(rendered.toFile())) {
      assertThat(git.getRepository().resolve("refs/heads/env/production")).isNotNull();
    }
    assertThat(origin.tip("rendered/production")).isNull();
  }

  @Test
  void aReplicaPublishesOnlyTheEnvironmentsItLeads() throws Exception {
    Sync sync = sync();
    sync.own(env -> env.equals("staging"));
    SyncOutcome.Synced first = (SyncOutcome.Synced) sync.run();
    assertThat(first.commits()).containsOnlyKeys("staging");
    assertThat(origin.tip("rendered/production")).isNull();
    sync.own(env -> true);
    SyncOutcome.Synced second = (SyncOutcome.Synced) sync.run();
    assertThat(second.commits()).containsOnlyKeys("development", "production");
    assertThat(sync.environments()).containsExactly("development", "production", "staging");
  }

  @Test
  void aReplicaThatLostItsLeaseBeforePushingPushesNothing() throws Exception {
    Sync sync = sync();
    sync.guard(() -> false);
    SyncOutcome outcome = sync.run();
    assertThat(outcome).isInstanceOf(SyncOutcome.Failed.class);
    assertThat(((SyncOutcome.Failed) outcome).stage()).isEqualTo(SyncOutcome.Stage.LEADERSHIP);
    assertThat(origin.tip("rendered/production")).isNull();
    sync.guard(() -> true);
    assertThat(sync.run()).isInstanceOf(SyncOutcome.Synced.class);
  }

  @Test
  void aCorruptLocalCacheIsReplacedAndTheNextSyncCompletes() throws Exception {
    Path broken = dir.resolve("broken-cache.git");
    Files.createDirectories(broken.resolve("objects"));
    Files.writeString(broken.resolve("HEAD"), "garbage");
    Files.writeString(broken.resolve("config"), "[core\nthis is not a git config");
    try (Repository fresh = LocalCache.open(broken)) {
      FleetSource source =
          new FleetSource(
              fresh, RemoteAccess.anonymous(origin.url(), dir.resolve("ssh")), "main", "");
      BranchPublisher publisher =
          new BranchPublisher(
              fresh,
              RemoteAccess.anonymous(origin.url(), dir.resolve("ssh")),
              "rendered/{environment}",
              origin.url());
      assertThat(new Sync(source, publisher, pipeline, Duration.ofMillis(5)).run())
          .isInstanceOf(SyncOutcome.Synced.class);
    }
  }

  /**
   * Cases of the bad-input corpus that are valid where they are replayed (payments-prod, in the
   * example's production): each says why, so a case that stops being refused fails the test.
   */
  static final Map<String, String> VALID_IN_PRODUCTION =
      Map.ofEntries(
          Map.entry(
              "alloy-line-separator-injection",
              "YAML line breaks in Alloy are kept in the config and escaped in the ConfigMap"),
          Map.entry("alloy-file-next-line-injection", "the same, from a *.alloy file"),
          Map.entry(
              "policy-locked-key", "the example locks no RBAC key, and configmaps may be granted"),
          Map.entry(
              "policy-locked-parent-replaced",
              "rbac: null is allowed where no key under rbac is locked"),
          Map.entry("policy-locked-label", "the example locks no label"));

  @Test
  void everyBadInputKeepsTheClustersLastGoodRenderAndLetsTheOthersUpdate() throws Exception {
    Sync sync = sync();
    sync.run();
    Map<String, String> good = origin.files("rendered/production");
    Path cases = Path.of("src/test/resources/golden/bad-inputs/fleet/clusters");
    List<Path> bad;
    try (var dirs = Files.list(cases)) {
      bad =
          dirs.filter(
                  d ->
                      !d.getFileName().toString().startsWith("good-")
                          && !d.getFileName().toString().startsWith("name-taken")
                          && !d.getFileName().toString().startsWith("escaping")
                          && !d.getFileName().toString().equals("yaml-with-bom")
                          && !d.getFileName().toString().toLowerCase().startsWith("id-")
                          && Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .sorted()
              .toList();
    }
    assertThat(bad).hasSizeGreaterThan(55);
    int interval = 61;
    Set<String> accepted = new TreeSet<>();
    for (Path badCase : bad) {
      String name = badCase.getFileName().toString();
      Path target = origin.work.resolve("clusters/payments-prod");
      origin.delete("clusters/payments-prod");
      Files.createDirectories(target);
      try (var files = Files.list(badCase)) {
        for (Path file : files.sorted().toList()) {
          if (Files.isSymbolicLink(file)) {
            Files.createSymbolicLink(
                target.resolve(file.getFileName()), Files.readSymbolicLink(file));
          } else {
            byte[] bytes = Files.readAllBytes(file);
            String text =
                new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .replace("environment: prod\n", "environment: production\n");
            Files.write(
                target.resolve(file.getFileName()),
                text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          }
        }
      }
      origin.edit(
          "clusters/edge-small/cluster.yaml",
          "scrapeInterval: " + (interval - 1) + "s",
          "scrapeInterval: " + interval + "s");
      origin.commit("Try " + name);
      SyncOutcome outcome = sync.run();
      assertThat(outcome).as(name).isInstanceOf(SyncOutcome.Synced.class);
      Map<String, String> now = origin.files("rendered/production");
      boolean invalid =
          ((SyncOutcome.Synced) outcome)
              .render().invalid().stream().anyMatch(i -> i.id().equals("payments-prod"));
      if (invalid) {
        Map<String, String> before = good;
        before.keySet().stream()
            .filter(p -> p.startsWith("payments-prod/"))
            .forEach(p -> assertThat(now.get(p)).as(name + " " + p).isEqualTo(before.get(p)));
      } else {
        accepted.add(name);
        good = now;
        // A case that renders must render safely: one ConfigMap, nothing smuggled in.
        assertThat(now.get("payments-prod/configmap.yaml"))
            .as(name)
            .doesNotContain("\n---", "\u2028", "\u0085");
      }
      assertThat(now.get("edge-small/config.alloy")).as(name).contains("\"" + interval + "s\"");
      interval++;
    }
    assertThat(accepted).isEqualTo(new TreeSet<>(VALID_IN_PRODUCTION.keySet()));
  }

  @Test
  void aSymlinkedClustersDirectoryIsRefusedWholeAndRemovesNothing() throws Exception {
    Sync sync = sync();
    sync.run();
    ObjectId tip = origin.tip("rendered/production");
    Files.move(origin.work.resolve("clusters"), origin.work.resolve("elsewhere"));
    Files.createSymbolicLink(origin.work.resolve("clusters"), Path.of("elsewhere"));
    origin.commit("clusters/ becomes a link");

    SyncOutcome outcome = sync.run();

    assertThat(outcome).isInstanceOf(SyncOutcome.Failed.class);
    assertThat(((SyncOutcome.Failed) outcome).error())
        .contains("clusters is a symbolic link; links are not followed, nothing was rendered");
    assertThat(origin.tip("rendered/production")).isEqualTo(tip);
  }

  @Test
  void aPushRefusedByPolicyIsReportedWithTheServersMessageAndNotRetried() throws Exception {
    org.eclipse.jgit.junit.http.AppServer server = new org.eclipse.jgit.junit.http.AppServer();
    var app = server.addContext("/git");
    var servlet = new org.eclipse.jgit.http.server.GitServlet();
    Repository served = Git.open(origin.bare.toFile()).getRepository();
    servlet.setRepositoryResolver(
        (request, name) -> {
          served.incrementOpen();
          return served;
        });
    servlet.setReceivePackFactory(
        (request, db) -> {
          var receive = new org.eclipse.jgit.transport.ReceivePack(db);
          receive.setPreReceiveHook(
              (rp, commands) ->
                  commands.forEach(
                      c ->
                          c.setResult(
                              org.eclipse.jgit.transport.ReceiveCommand.Result
                                  .REJECTED_OTHER_REASON,
                              "branch is protected by policy")));
          return receive;
        });
    app.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(servlet), "/*");
    server.setUp();
    try {
      String url = "http://localhost:" + server.getPort() + "/git/fleet.git";
      BranchPublisher guarded =
          new BranchPublisher(
              cache,
              RemoteAccess.anonymous(url, dir.resolve("ssh")),
              "rendered/{environment}",
              url);
      long start = System.nanoTime();
      SyncOutcome outcome = sync(guarded).run();
      assertThat(outcome).isInstanceOf(SyncOutcome.Failed.class);
      assertThat(((SyncOutcome.Failed) outcome).error())
          .contains("after 1 attempt(s)")
          .contains("branch is protected by policy");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      assertThat(origin.tip("rendered/production")).isNull();
    } finally {
      server.tearDown();
      served.close();
    }
  }

  @Test
  void aGroupEditCommitsTheClustersItMatchesBeforeOrAfterAndNoOthers() throws Exception {
    Sync sync = sync();
    sync.run();
    // The example's westeurope gateway matches payments-prod (production) and checkout-staging.
    origin.edit(
        "groups/westeurope-gateway.yaml", "traces-weu.observability", "traces-weu2.observability");
    origin.commit("Move the West Europe gateway");

    SyncOutcome.Synced moved = (SyncOutcome.Synced) sync.run();

    assertThat(moved.render().rendered())
        .extracting(r -> r.id())
        .containsExactlyInAnyOrder(
            "payments-prod", "checkout-staging", "dev-sandbox", "edge-small");
    assertThat(moved.commits().get("production").changedClusters())
        .containsExactlyInAnyOrder("payments-prod", "edge-small");
    assertThat(moved.commits().get("staging").changedClusters())
        .containsExactly("checkout-staging");
    assertThat(origin.files("rendered/production").get("payments-prod/config.alloy"))
        .contains("traces-weu2.observability");

    // A label edit moves a cluster out of the group: it renders again too, without the gateway.
    origin.edit(
        "clusters/payments-prod/cluster.yaml",
        "labels: {region: westeurope}",
        "labels: {region: northeurope}");
    origin.commit("payments-prod leaves West Europe");
    SyncOutcome.Synced left = (SyncOutcome.Synced) sync.run();
    assertThat(left.commits().get("production").changedClusters()).containsExactly("payments-prod");
    assertThat(origin.files("rendered/production").get("payments-prod/config.alloy"))
        .doesNotContain("traces-weu2");
  }

  @Test
  void pollingAgainWithoutASourceChangeDoesNothing() throws Exception {
    Sync sync = sync();
    sync.run();
    ObjectId tip = origin.tip("rendered/production");
    assertThat(sync.run()).isInstanceOf(SyncOutcome.SourceUnchanged.class);
    assertThat(origin.tip("rendered/production")).isEqualTo(tip);
  }

  @Test
  void aClusterChangeMakesOneCommitWithExactlyThatClustersFiles() throws Exception {
    Sync sync = sync();
    sync.run();
    Map<String, String> before = origin.files("rendered/production");
    ObjectId staging = origin.tip("rendered/staging");
    origin.edit(
        "clusters/payments-prod/cluster.yaml",
        "- payments-jobs",
        "- payments-jobs\n    - payments-batch");
    origin.commit("Monitor payments-batch");
    SyncOutcome outcome = sync.run();
    assertThat(((SyncOutcome.Synced) outcome).commits()).containsOnlyKeys("production");
    assertThat(((SyncOutcome.Synced) outcome).render().rendered())
        .extracting(r -> r.id())
        .containsExactly("payments-prod");
    Set<String> changed = changedPaths(before, origin.files("rendered/production"));
    changed.remove("README.md");
    assertThat(changed).isNotEmpty().allMatch(p -> p.startsWith("payments-prod/"));
    assertThat(origin.tip("rendered/staging")).isEqualTo(staging);
    assertThat(origin.log("rendered/production")).hasSize(2);
  }

  @Test
  void aLargeFleetGoesOutAsOnePackGitAcceptsAndThenChangesOneClusterAtATime() throws Exception {
    Path generated = dir.resolve("generated");
    for (var file : io.alloyfleet.bench.FleetGenerator.generate(120, 7).entrySet()) {
      Files.createDirectories(generated.resolve(file.getKey()).getParent());
      Files.writeString(generated.resolve(file.getKey()), file.getValue());
    }
    try (FleetRepo large = FleetRepo.seeded(dir.resolve("large"), generated)) {
      String url = large.url();
      FleetSource source =
          new FleetSource(cache, RemoteAccess.anonymous(url, dir.resolve("ssh")), "main", "");
      BranchPublisher publisher =
          new BranchPublisher(
              cache,
              RemoteAccess.anonymous(url, dir.resolve("ssh")),
              "rendered/{environment}",
              url);
      Sync sync = new Sync(source, publisher, pipeline, Duration.ofMillis(5));
      SyncOutcome.Synced first = (SyncOutcome.Synced) sync.run();
      assertThat(first.render().rendered()).hasSizeGreaterThan(100);
      try (var packs = Files.list(dir.resolve("cache.git/objects/pack"))) {
        assertThat(packs.filter(p -> p.toString().endsWith(".pack")).count())
            .as("fetched pack + the render's pack")
            .isEqualTo(2);
      }
      for (var cluster : first.render().rendered()) {
        assertThat(large.files("rendered/" + cluster.environment()))
            .containsKey(cluster.id() + "/hydrator.metadata");
      }
      for (Path repo : List.of(dir.resolve("large/origin.git"), dir.resolve("cache.git"))) {
        Process fsck =
            new ProcessBuilder("git", "--git-dir", repo.toString(), "fsck", "--full", "--strict")
                .redirectErrorStream(true)
                .start();
        String output = new String(fsck.getInputStream().readAllBytes());
        assertThat(fsck.waitFor()).as(output).isZero();
      }

      var one = first.render().rendered().get(0);
      Map<String, String> before = large.files("rendered/" + one.environment());
      String clusterFile = "clusters/" + one.id() + "/cluster.yaml";
      large.write(
          clusterFile,
          Files.readString(generated.resolve(clusterFile)) + "metrics:\n  scrapeInterval: 45s\n");
      large.commit("Scrape one cluster less often");
      SyncOutcome.Synced second = (SyncOutcome.Synced) sync.run();
      assertThat(second.commits()).containsOnlyKeys(one.environment());
      assertThat(second.commits().get(one.environment()).changedClusters())
          .containsExactly(one.id());
      Set<String> changed = changedPaths(before, large.files("rendered/" + one.environment()));
      changed.remove("README.md");
      assertThat(changed).isNotEmpty().allMatch(p -> p.startsWith(one.id() + "/"));

      // The publisher keeps what it pushed instead of reading it back: the same as a fresh read.
      RenderedBranch kept = publisher.current().branch(one.environment()).orElseThrow();
      RenderedBranch read =
          new BranchPublisher(
                  cache,
                  RemoteAccess.anonymous(url, dir.resolve("ssh")),
                  "rendered/{environment}",
                  url)
              .fetch()
              .branch(one.environment())
              .orElseThrow();
      assertThat(kept).isEqualTo(read);
      assertThat(kept.clusters().get(one.id()).drySha()).isEqualTo(second.commit().id());
    }
  }

  @Test
  void aSourceCommitThatChangesNoRenderMakesNoCommit() throws Exception {
    Sync sync = sync();
    sync.run();
    ObjectId production = origin.tip("rendered/production");
    origin.write("NOTES.md", "nothing to render\n");
    origin.commit("Add notes");
    SyncOutcome outcome = sync.run();
    assertThat(((SyncOutcome.Synced) outcome).commits()).isEmpty();
    assertThat(origin.tip("rendered/production")).isEqualTo(production);
  }

  @Test
  void aBrokenClusterKeepsItsLastGoodRenderWhileOthersUpdate() throws Exception {
    Sync sync = sync();
    sync.run();
    Map<String, String> before = origin.files("rendered/production");
    origin.edit("clusters/payments-prod/cluster.yaml", "scope: namespace", "scope: namespaces");
    origin.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 90s");
    origin.commit("Break payments, slow edge");
    SyncOutcome.Synced outcome = (SyncOutcome.Synced) sync.run();
    assertThat(outcome.render().invalid()).extracting(i -> i.id()).containsExactly("payments-prod");
    Map<String, String> after = origin.files("rendered/production");
    before.keySet().stream()
        .filter(p -> p.startsWith("payments-prod/"))
        .forEach(p -> assertThat(after.get(p)).as(p).isEqualTo(before.get(p)));
    assertThat(after.get("edge-small/config.alloy")).contains("\"90s\"");
  }

  @Test
  void aDeletedClusterDisappearsFromItsBranch() throws Exception {
    Sync sync = sync();
    sync.run();
    origin.delete("clusters/edge-small");
    origin.commit("Retire edge-small");
    SyncOutcome.Synced outcome = (SyncOutcome.Synced) sync.run();
    assertThat(outcome.commits().get("production").changedClusters()).containsExactly("edge-small");
    assertThat(origin.files("rendered/production").keySet())
        .noneMatch(p -> p.startsWith("edge-small/"))
        .anyMatch(p -> p.startsWith("payments-prod/"));
  }

  @Test
  void aClusterMovingEnvironmentLeavesOneBranchAndJoinsTheOtherInOneSync() throws Exception {
    Sync sync = sync();
    sync.run();
    origin.write(
        "environments/staging.yaml",
        Files.readString(origin.work.resolve("environments/staging.yaml"))
            + "policy:\n  admitsClustersFrom: [production]\n");
    origin.edit(
        "clusters/edge-small/cluster.yaml", "environment: production", "environment: staging");
    origin.commit("Staging admits clusters from production; move edge-small to staging");
    SyncOutcome.Synced outcome = (SyncOutcome.Synced) sync.run();
    assertThat(outcome.commits()).containsOnlyKeys("production", "staging");
    assertThat(origin.files("rendered/production").keySet())
        .noneMatch(p -> p.startsWith("edge-small/"));
    assertThat(origin.files("rendered/staging")).containsKey("edge-small/config.alloy");
  }

  @Test
  void aConcurrentWriterIsNotLostAndOurRetryLandsOnTop() throws Exception {
    Sync first = sync();
    first.run();
    origin.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 90s");
    origin.commit("Slow edge");
    BranchPublisher real = publisher();
    Publisher racing =
        new Publisher() {
          boolean raced;

          @Override
          public String destinationUrl() {
            return real.destinationUrl();
          }

          @Override
          public Destination fetch() throws PublishException {
            return real.fetch();
          }

          @Override
          public io.alloyfleet.pipeline.RenderPipeline.Sink sink(
              SourceCommit source, io.alloyfleet.publish.Staging staging, int clusters) {
            return real.sink(source, staging, clusters);
          }

          @Override
          public Destination current() throws PublishException {
            return real.current();
          }

          @Override
          public java.util.Optional<String> read(
              io.alloyfleet.publish.RenderedBranch branch, String path) throws java.io.IOException {
            return real.read(branch, path);
          }

          @Override
          public boolean holds(
              String revision, io.alloyfleet.publish.RenderedBranch branch, String cluster) {
            return real.holds(revision, branch, cluster);
          }

          @Override
          public PublishOutcome publish(
              SourceCommit source,
              FleetRender render,
              Destination state,
              io.alloyfleet.publish.Staging staging)
              throws PublishException {
            if (!raced) {
              raced = true;
              pushHandEdit();
            }
            return real.publish(source, render, state, staging);
          }
        };
    SyncOutcome outcome = sync(racing).run();
    assertThat(outcome).isInstanceOf(SyncOutcome.Synced.class);
    Map<String, String> files = origin.files("rendered/production");
    assertThat(files.get("OPERATOR-NOTES.md")).isEqualTo("hand-made\n");
    assertThat(files.get("edge-small/config.alloy")).contains("\"90s\"");
    assertThat(origin.log("rendered/production"))
        .extracting(c -> c.getShortMessage())
        .contains("Operator notes");
  }

  private void pushHandEdit() {
    try (Git clone =
        Git.cloneRepository()
            .setURI(origin.url())
            .setBranch("rendered/production")
            .setDirectory(dir.resolve("operator").toFile())
            .call()) {
      Files.writeString(dir.resolve("operator/OPERATOR-NOTES.md"), "hand-made\n");
      clone.add().addFilepattern("OPERATOR-NOTES.md").call();
      clone
          .commit()
          .setMessage("Operator notes")
          .setAuthor("Op", "op@example.com")
          .setCommitter("Op", "op@example.com")
          .call();
      clone.push().call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anUnreachableSourceFailsTheSyncAndChangesNothingThenRecovers() throws Exception {
    Sync sync = sync();
    sync.run();
    ObjectId production = origin.tip("rendered/production");
    Path moved = dir.resolve("away.git");
    Files.move(origin.bare, moved);
    SyncOutcome outcome = sync.run();
    assertThat(outcome).isInstanceOf(SyncOutcome.Failed.class);
    assertThat(((SyncOutcome.Failed) outcome).stage()).isEqualTo(SyncOutcome.Stage.SOURCE);
    Files.move(moved, origin.bare);
    assertThat(origin.tip("rendered/production")).isEqualTo(production);
    origin.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 90s");
    origin.commit("Slow edge");
    assertThat(sync.run()).isInstanceOf(SyncOutcome.Synced.class);
  }

  @Test
  void aClusterCannotLeaveItsEnvironmentUnlessTheDestinationAdmitsIt() throws Exception {
    Sync sync = sync();
    sync.run();
    String before = origin.files("rendered/production").get("payments-prod/config.alloy");
    origin.edit(
        "clusters/payments-prod/cluster.yaml",
        "environment: production",
        "environment: development");
    origin.commit("payments-prod moves itself to development, away from production's locks");

    SyncOutcome.Synced refused = (SyncOutcome.Synced) sync.run();

    assertThat(refused.render().problems())
        .extracting(io.alloyfleet.diagnostics.Problem::format)
        .singleElement()
        .asString()
        .startsWith(
            "clusters/payments-prod/cluster.yaml:4:16: error: cluster.environment: the cluster is"
                + " rendered in \"production\"; environments/development.yaml does not admit"
                + " clusters from it (policy.admitsClustersFrom)");
    assertThat(origin.files("rendered/production").get("payments-prod/config.alloy"))
        .isEqualTo(before);
    assertThat(origin.files("rendered/development"))
        .doesNotContainKey("payments-prod/config.alloy");

    origin.write(
        "environments/development.yaml",
        Files.readString(origin.work.resolve("environments/development.yaml"))
            + "policy:\n  admitsClustersFrom: [production]\n");
    origin.commit("Development admits clusters from production");

    assertThat(((SyncOutcome.Synced) sync.run()).render().invalid()).isEmpty();
    assertThat(origin.files("rendered/development")).containsKey("payments-prod/config.alloy");
    assertThat(origin.files("rendered/production")).doesNotContainKey("payments-prod/config.alloy");
  }
}
