package io.alloyfleet.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alloyfleet.source.CommitTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source commits signed by C git with real keys, judged as the controller judges a head. */
class TrustedSignersTest {

  @TempDir Path dir;
  Path work;
  final List<TestKeys.GpgKey> homes = new ArrayList<>();

  @BeforeEach
  void init() throws Exception {
    work = Files.createDirectories(dir.resolve("work"));
    TestKeys.run(work, Map.of(), "git", "init", "-q", "-b", "main");
  }

  @AfterEach
  void stopAgents() throws Exception {
    for (TestKeys.GpgKey key : homes) {
      TestKeys.stopAgent(key);
    }
  }

  TestKeys.GpgKey gpg(String name, String expire, String fakedTime) throws Exception {
    TestKeys.GpgKey key = TestKeys.gpg(dir, name, "", expire, fakedTime);
    homes.add(key);
    return key;
  }

  /** A commit made by C git, with {@code options} (signing settings) and {@code env}. */
  CommitTrust.Verdict commitAndVerify(CommitTrust trust, Map<String, String> env, String... signing)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("git", "-c", "user.name=Ada Fleet", "-c", "user.email=ada@example.com"));
    command.addAll(List.of(signing));
    command.addAll(List.of("commit", "-q", "--allow-empty", "-m", "A change"));
    TestKeys.run(work, env, command.toArray(String[]::new));
    try (Repository repo =
            new FileRepositoryBuilder().setGitDir(work.resolve(".git").toFile()).build();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit head = walk.parseCommit(repo.resolve("HEAD"));
      return trust.verify(repo, head);
    }
  }

  static String[] sshSigned(TestKeys.SshKey key) {
    return new String[] {
      "-c", "gpg.format=ssh", "-c", "user.signingkey=" + key.file(), "-c", "commit.gpgsign=true"
    };
  }

  static String[] gpgSigned(TestKeys.GpgKey key) {
    return new String[] {"-c", "user.signingkey=" + key.fingerprint(), "-c", "commit.gpgsign=true"};
  }

  @Test
  void withNothingConfiguredEveryCommitIsTrusted() throws Exception {
    assertThat(TrustedSigners.of(Optional.empty(), Optional.empty())).isSameAs(CommitTrust.ANY);
  }

  @Test
  void sshSignedCommitsAreTrustedOnlyWhenTheirKeyIsAnAllowedSigner() throws Exception {
    TestKeys.SshKey trusted = TestKeys.ssh(dir, "trusted", "");
    TestKeys.SshKey unknown = TestKeys.ssh(dir, "unknown", "");
    CommitTrust trust =
        TrustedSigners.of(
            Optional.of(trusted.allowedSigners(dir.resolve("allowed"), "ada@example.com")),
            Optional.empty());

    assertThat(commitAndVerify(trust, Map.of()))
        .isEqualTo(new CommitTrust.Verdict.Refused("is not signed"));
    assertThat(commitAndVerify(trust, Map.of(), sshSigned(trusted)))
        .isInstanceOf(CommitTrust.Verdict.Trusted.class);
    assertThat(commitAndVerify(trust, Map.of(), sshSigned(unknown)))
        .isEqualTo(
            new CommitTrust.Verdict.Refused(
                "is signed by an unknown key " + unknown.fingerprint()));
  }

  @Test
  void openPgpSignedCommitsAreTrustedOnlyWhenTheirKeyIsListed() throws Exception {
    TestKeys.GpgKey trusted = gpg("Trusted", "never", "");
    TestKeys.GpgKey unknown = gpg("Unknown", "never", "");
    CommitTrust trust = TrustedSigners.of(Optional.empty(), Optional.of(trusted.publicKey()));

    assertThat(commitAndVerify(trust, trusted.env(), gpgSigned(trusted)))
        .isEqualTo(new CommitTrust.Verdict.Trusted("OpenPGP key " + trusted.fingerprint()));
    assertThat(commitAndVerify(trust, unknown.env(), gpgSigned(unknown)))
        .isEqualTo(
            new CommitTrust.Verdict.Refused(
                "is signed by an unknown key " + unknown.fingerprint()));
    assertThat(commitAndVerify(trust, Map.of()))
        .isEqualTo(new CommitTrust.Verdict.Refused("is not signed"));
  }

  @Test
  void bothKindsOfKeysAndSeveralOpenPgpKeysInOneFile() throws Exception {
    TestKeys.SshKey ssh = TestKeys.ssh(dir, "ssh", "");
    TestKeys.GpgKey first = gpg("First", "never", "");
    TestKeys.GpgKey second = gpg("Second", "never", "");
    Path keys =
        Files.writeString(
            dir.resolve("keys.asc"),
            Files.readString(first.publicKey()) + Files.readString(second.publicKey()));
    CommitTrust trust =
        TrustedSigners.of(
            Optional.of(ssh.allowedSigners(dir.resolve("allowed"), "*")), Optional.of(keys));

    assertThat(commitAndVerify(trust, Map.of(), sshSigned(ssh)))
        .isInstanceOf(CommitTrust.Verdict.Trusted.class);
    assertThat(commitAndVerify(trust, first.env(), gpgSigned(first)))
        .isInstanceOf(CommitTrust.Verdict.Trusted.class);
    assertThat(commitAndVerify(trust, second.env(), gpgSigned(second)))
        .isInstanceOf(CommitTrust.Verdict.Trusted.class);
  }

  @Test
  void aRevokedOpenPgpKeyIsNotTrusted() throws Exception {
    TestKeys.GpgKey key = gpg("Revoked", "never", "");
    Path before = Files.copy(key.publicKey(), dir.resolve("before-revocation.asc"));
    // Signed while valid; the trusted file then learns of the revocation.
    CommitTrust beforeRevocation = TrustedSigners.of(Optional.empty(), Optional.of(before));
    assertThat(commitAndVerify(beforeRevocation, key.env(), gpgSigned(key)))
        .isInstanceOf(CommitTrust.Verdict.Trusted.class);
    TestKeys.revoke(dir, key);
    CommitTrust trust = TrustedSigners.of(Optional.empty(), Optional.of(key.publicKey()));
    try (Repository repo =
            new FileRepositoryBuilder().setGitDir(work.resolve(".git").toFile()).build();
        RevWalk walk = new RevWalk(repo)) {
      assertThat(trust.verify(repo, walk.parseCommit(repo.resolve("HEAD"))))
          .isEqualTo(
              new CommitTrust.Verdict.Refused(
                  "is signed by key " + key.fingerprint() + ", which is revoked"));
    }
  }

  @Test
  void anExpiredOpenPgpKeyIsNotTrusted() throws Exception {
    TestKeys.GpgKey key = gpg("Expired", "1d", "20200101T000000");
    // gpg signs as of 2020, when the key was valid: git calls this wrapper as its gpg.program.
    Path program = dir.resolve("gpg-2020");
    Files.writeString(program, "#!/bin/sh\nexec gpg --faked-system-time 20200101T000100 \"$@\"\n");
    program.toFile().setExecutable(true);
    CommitTrust trust = TrustedSigners.of(Optional.empty(), Optional.of(key.publicKey()));

    CommitTrust.Verdict verdict =
        commitAndVerify(
            trust,
            key.env(),
            "-c",
            "gpg.program=" + program,
            "-c",
            "user.signingkey=" + key.fingerprint(),
            "-c",
            "commit.gpgsign=true");

    assertThat(verdict).isInstanceOf(CommitTrust.Verdict.Refused.class);
    assertThat(((CommitTrust.Verdict.Refused) verdict).reason())
        .startsWith(
            "is signed by key " + key.fingerprint() + ", which is expired since 2020-01-02");
  }

  @Test
  void unreadableTrustedKeysFailTheStart() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> TrustedSigners.of(Optional.of(missing), Optional.empty()))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("alloy-fleet.source.verify.allowed-signers");
    assertThatThrownBy(() -> TrustedSigners.of(Optional.empty(), Optional.of(missing)))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("alloy-fleet.source.verify.openpgp-keys");
  }
}
