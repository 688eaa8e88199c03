package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.signing.CommitSigner;
import io.alloyfleet.signing.SigningFormat;
import io.alloyfleet.signing.TestKeys;
import io.alloyfleet.signing.TrustedSigners;
import io.alloyfleet.source.CommitTrust;
import io.alloyfleet.source.FleetSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed rendered commits and verified source heads, end to end on real repositories: what the
 * controller pushes passes C git's {@code verify-commit}; a head not signed by a trusted key
 * renders nothing, and a later signed head renders as usual.
 */
@QuarkusTest
class SignedSyncTest {

  @Inject RenderPipeline pipeline;

  @TempDir Path dir;

  FleetRepo origin;
  Repository cache;
  TestKeys.SshKey developer;

  @BeforeEach
  void setUp() throws Exception {
    origin = FleetRepo.seeded(dir, Path.of("gitops-example")).withoutRollout();
    cache = FleetRepo.emptyCache(dir);
    developer = TestKeys.ssh(dir, "developer", "");
  }

  @AfterEach
  void tearDown() {
    origin.close();
    cache.close();
  }

  Sync sync(Optional<CommitSigner> signer, CommitTrust trust) {
    RemoteAccess remote = RemoteAccess.anonymous(origin.url(), dir.resolve("ssh"));
    return new Sync(
        new FleetSource(cache, remote, "main", "", trust),
        new BranchPublisher(cache, remote, "rendered/{environment}", origin.url(), signer),
        pipeline,
        Duration.ofMillis(5));
  }

  /** Commits a change with C git in the origin's clone, signed by {@code key}, and pushes it. */
  void signedChange(TestKeys.SshKey key, String message) throws Exception {
    TestKeys.run(
        origin.work,
        Map.of(),
        "git",
        "-c",
        "user.name=Ada Fleet",
        "-c",
        "user.email=ada@example.com",
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + key.file(),
        "commit",
        "-q",
        "-S",
        "--allow-empty",
        "-m",
        message);
    TestKeys.run(origin.work, Map.of(), "git", "push", "-q", "origin", "HEAD:main");
  }

  List<String> renderedBranches() throws Exception {
    return TestKeys.run(
            origin.bare,
            Map.of(),
            "git",
            "for-each-ref",
            "--format=%(refname)",
            "refs/heads/rendered")
        .lines()
        .toList();
  }

  @Test
  void everyRenderedCommitIsSignedAndPassesGitVerifyCommit() throws Exception {
    TestKeys.SshKey key = TestKeys.ssh(dir, "controller", "");
    Sync sync =
        sync(
            Optional.of(CommitSigner.load(SigningFormat.SSH, key.file(), Optional.empty())),
            CommitTrust.ANY);
    assertThat(sync.run()).isInstanceOf(SyncOutcome.Synced.class);
    origin.write("clusters/edge-small/extra.alloy", "// a change\n");
    origin.commit("A second render");
    assertThat(sync.run()).isInstanceOf(SyncOutcome.Synced.class);

    Path allowed = key.allowedSigners(dir.resolve("allowed"), TestKeys.EMAIL);
    List<String> commits =
        TestKeys.run(origin.bare, Map.of(), "git", "rev-list", "--glob=refs/heads/rendered/*")
            .lines()
            .toList();
    assertThat(renderedBranches()).hasSizeGreaterThan(1);
    assertThat(commits).hasSizeGreaterThan(renderedBranches().size());
    for (String commit : commits) {
      TestKeys.Result verified =
          TestKeys.exec(
              origin.bare,
              Map.of(),
              "git",
              "-c",
              "gpg.format=ssh",
              "-c",
              "gpg.ssh.allowedSignersFile=" + allowed,
              "verify-commit",
              commit);
      assertThat(verified.exit()).as(commit + ": " + verified.output()).isZero();
    }
  }

  @Test
  void anUnsignedHeadRendersNothingAndALaterSignedHeadRenders() throws Exception {
    Sync sync =
        sync(
            Optional.empty(),
            TrustedSigners.of(
                Optional.of(developer.allowedSigners(dir.resolve("allowed"), "*")),
                Optional.empty()));
    String head = origin.tip("main").name().substring(0, 7);

    SyncOutcome first = sync.run();
    boolean firstRefused = sync.steps().refused();
    SyncOutcome again = sync.run();
    boolean againRefused = sync.steps().refused();

    assertThat(first).isInstanceOf(SyncOutcome.Failed.class);
    SyncOutcome.Failed failed = (SyncOutcome.Failed) first;
    assertThat(failed.stage()).isEqualTo(SyncOutcome.Stage.VERIFICATION);
    assertThat(failed.error())
        .startsWith("commit " + head + " is not signed; nothing was rendered");
    assertThat(again).isEqualTo(first);
    assertThat(List.of(firstRefused, againRefused))
        .as("counted once per commit")
        .containsExactly(true, false);
    assertThat(renderedBranches()).isEmpty();

    signedChange(developer, "Signed at last");
    assertThat(sync.run()).isInstanceOf(SyncOutcome.Synced.class);
    assertThat(renderedBranches()).isNotEmpty();
  }

  @Test
  void aHeadSignedByAnUnknownKeyLeavesTheRenderedBranchesAsTheyAre() throws Exception {
    TestKeys.SshKey stranger = TestKeys.ssh(dir, "stranger", "");
    Sync sync =
        sync(
            Optional.empty(),
            TrustedSigners.of(
                Optional.of(developer.allowedSigners(dir.resolve("allowed"), "*")),
                Optional.empty()));
    signedChange(developer, "Trusted");
    assertThat(sync.run()).isInstanceOf(SyncOutcome.Synced.class);
    String before =
        TestKeys.run(origin.bare, Map.of(), "git", "for-each-ref", "refs/heads/rendered");

    origin.write("clusters/edge-small/extra.alloy", "// not from us\n");
    TestKeys.run(origin.work, Map.of(), "git", "add", "-A");
    signedChange(stranger, "Untrusted");
    SyncOutcome outcome = sync.run();

    assertThat(outcome).isInstanceOf(SyncOutcome.Failed.class);
    assertThat(((SyncOutcome.Failed) outcome).error())
        .contains("is signed by an unknown key " + stranger.fingerprint());
    assertThat(TestKeys.run(origin.bare, Map.of(), "git", "for-each-ref", "refs/heads/rendered"))
        .isEqualTo(before);
  }

  @Test
  void aPullRequestWhoseHeadIsNotSignedFailsItsPreview() throws Exception {
    CommitTrust trust =
        TrustedSigners.of(
            Optional.of(developer.allowedSigners(dir.resolve("allowed"), "*")), Optional.empty());
    RemoteAccess remote = RemoteAccess.anonymous(origin.url(), dir.resolve("ssh"));
    origin.write("clusters/edge-small/extra.alloy", "// proposed\n");
    String head = origin.propose("refs/pull/7/head", "Unsigned proposal").name();

    var preview =
        new io.alloyfleet.feedback.PreviewJob(
                SourceView.of(new FleetSource(cache, remote, "main", "", trust)),
                "",
                new io.alloyfleet.preview.PreviewBuilder(pipeline, 100),
                Optional.empty(),
                Optional.empty())
            .run(new io.alloyfleet.feedback.PullRequest(7, head, "main", "refs/pull/7/head"));

    assertThat(preview.error())
        .isEqualTo("not previewed: commit " + head.substring(0, 7) + " is not signed");
    assertThat(preview.clusters()).isEmpty();
  }
}
