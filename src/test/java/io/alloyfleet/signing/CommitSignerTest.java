package io.alloyfleet.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits signed by {@link CommitSigner} with keys made by ssh-keygen and GnuPG are accepted by C
 * git's {@code verify-commit}, as Argo CD runs it; keys that cannot sign fail when loaded.
 */
class CommitSignerTest {

  @TempDir Path dir;
  final List<TestKeys.GpgKey> homes = new ArrayList<>();

  @AfterEach
  void stopAgents() throws Exception {
    for (TestKeys.GpgKey key : homes) {
      TestKeys.stopAgent(key);
    }
  }

  TestKeys.GpgKey gpg(String name, String passphrase, String expire, String fakedTime)
      throws Exception {
    TestKeys.GpgKey key = TestKeys.gpg(dir, name, passphrase, expire, fakedTime);
    homes.add(key);
    return key;
  }

  /** A bare repository whose main is one commit signed by {@code signer}. */
  Path signedCommit(CommitSigner signer) throws Exception {
    Path bare = dir.resolve("signed.git");
    try (Git git = Git.init().setBare(true).setDirectory(bare.toFile()).call();
        ObjectInserter inserter = git.getRepository().newObjectInserter()) {
      Repository repo = git.getRepository();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(new TreeFormatter()));
      PersonIdent ident = new PersonIdent("Alloy Fleet", TestKeys.EMAIL);
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage("Render 1a2b3c4: a change\n");
      signer.sign(commit);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate ref = repo.updateRef("refs/heads/main");
      ref.setNewObjectId(id);
      ref.update();
    }
    return bare;
  }

  static TestKeys.Result verifySsh(Path repo, Path allowedSigners) throws Exception {
    return TestKeys.exec(
        repo,
        Map.of(),
        "git",
        "-c",
        "gpg.format=ssh",
        "-c",
        "gpg.ssh.allowedSignersFile=" + allowedSigners,
        "verify-commit",
        "-v",
        "main");
  }

  static TestKeys.Result verifyGpg(Path repo, TestKeys.GpgKey keyring) throws Exception {
    return TestKeys.exec(repo, keyring.env(), "git", "verify-commit", "-v", "main");
  }

  @Test
  void sshSignedCommitPassesGitVerifyCommit() throws Exception {
    TestKeys.SshKey key = TestKeys.ssh(dir, "signing", "");
    CommitSigner signer = CommitSigner.load(SigningFormat.SSH, key.file(), Optional.empty());
    assertThat(signer.key()).isEqualTo(new SigningKey(SigningFormat.SSH, key.fingerprint()));

    Path repo = signedCommit(signer);

    TestKeys.Result accepted =
        verifySsh(repo, key.allowedSigners(dir.resolve("allowed"), TestKeys.EMAIL));
    assertThat(accepted.exit()).as(accepted.output()).isZero();
    assertThat(accepted.output()).contains("Good \"git\" signature", key.fingerprint());
  }

  @Test
  void sshSignatureByAnotherKeyIsRejectedByGitVerifyCommit() throws Exception {
    TestKeys.SshKey key = TestKeys.ssh(dir, "signing", "");
    TestKeys.SshKey other = TestKeys.ssh(dir, "other", "");
    Path repo = signedCommit(CommitSigner.load(SigningFormat.SSH, key.file(), Optional.empty()));

    TestKeys.Result refused =
        verifySsh(repo, other.allowedSigners(dir.resolve("allowed"), TestKeys.EMAIL));
    assertThat(refused.exit()).as(refused.output()).isNotZero();
  }

  @Test
  void sshKeyWithAPassphraseSignsWithItsPassphraseFileOnly() throws Exception {
    TestKeys.SshKey key = TestKeys.ssh(dir, "locked", "correct horse");
    Path passphrase = Files.writeString(dir.resolve("passphrase"), "correct horse\n");
    Path repo =
        signedCommit(CommitSigner.load(SigningFormat.SSH, key.file(), Optional.of(passphrase)));
    TestKeys.Result accepted =
        verifySsh(repo, key.allowedSigners(dir.resolve("allowed"), TestKeys.EMAIL));
    assertThat(accepted.exit()).as(accepted.output()).isZero();

    assertThatThrownBy(() -> CommitSigner.load(SigningFormat.SSH, key.file(), Optional.empty()))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("cannot read the SSH signing key " + key.file());
    Path wrong = Files.writeString(dir.resolve("wrong"), "battery staple\n");
    assertThatThrownBy(() -> CommitSigner.load(SigningFormat.SSH, key.file(), Optional.of(wrong)))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining(key.file().toString())
        .hasMessageNotContaining("battery");
  }

  @Test
  void openPgpSignedCommitPassesGitVerifyCommitWithGnuPg() throws Exception {
    TestKeys.GpgKey key = gpg("Signing", "", "never", "");
    CommitSigner signer =
        CommitSigner.load(SigningFormat.OPENPGP, key.secretKey(), Optional.empty());
    assertThat(signer.key().format()).isEqualTo(SigningFormat.OPENPGP);
    assertThat(signer.key().fingerprint()).hasSize(40);

    Path repo = signedCommit(signer);

    TestKeys.Result accepted = verifyGpg(repo, key);
    assertThat(accepted.exit()).as(accepted.output()).isZero();
    assertThat(accepted.output()).contains("Good signature", signer.key().fingerprint());
  }

  @Test
  void openPgpSignatureIsRejectedByAKeyringWithoutTheKey() throws Exception {
    TestKeys.GpgKey key = gpg("Signing", "", "never", "");
    TestKeys.GpgKey other = gpg("Other", "", "never", "");
    Path repo =
        signedCommit(CommitSigner.load(SigningFormat.OPENPGP, key.secretKey(), Optional.empty()));

    TestKeys.Result refused = verifyGpg(repo, other);
    assertThat(refused.exit()).as(refused.output()).isNotZero();
  }

  @Test
  void openPgpKeyWithAPassphraseIsUnlockedByItsPassphraseFile() throws Exception {
    TestKeys.GpgKey key = gpg("Locked", "correct horse", "never", "");
    Path passphrase = Files.writeString(dir.resolve("passphrase"), "correct horse\n");
    Path repo =
        signedCommit(
            CommitSigner.load(SigningFormat.OPENPGP, key.secretKey(), Optional.of(passphrase)));
    assertThat(verifyGpg(repo, key).exit()).isZero();

    assertThatThrownBy(
            () -> CommitSigner.load(SigningFormat.OPENPGP, key.secretKey(), Optional.empty()))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("cannot unlock the OpenPGP signing key " + key.secretKey());
  }

  @Test
  void expiredOrRevokedOpenPgpKeysCannotSign() throws Exception {
    TestKeys.GpgKey expired = gpg("Expired", "", "1d", "20200101T000000");
    assertThatThrownBy(
            () -> CommitSigner.load(SigningFormat.OPENPGP, expired.secretKey(), Optional.empty()))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("has no key that may sign")
        .hasMessageContaining("expired");

    TestKeys.GpgKey revoked = TestKeys.revoke(dir, gpg("Revoked", "", "never", ""));
    Path secret = dir.resolve("revoked.secret.asc");
    Files.writeString(
        secret,
        TestKeys.run(
            dir,
            revoked.env(),
            "gpg",
            "--batch",
            "--armor",
            "--export-secret-keys",
            revoked.fingerprint()));
    assertThatThrownBy(() -> CommitSigner.load(SigningFormat.OPENPGP, secret, Optional.empty()))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void aKeyThatCannotBeReadFailsWithItsPathNotItsContent() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> CommitSigner.load(SigningFormat.SSH, missing, Optional.empty()))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("cannot read the SSH signing key " + missing);
    assertThatThrownBy(() -> CommitSigner.load(SigningFormat.OPENPGP, missing, Optional.empty()))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("cannot read the OpenPGP signing key " + missing);

    Path garbage = Files.writeString(dir.resolve("garbage"), "not a key: s3cr3t\n");
    assertThatThrownBy(() -> CommitSigner.load(SigningFormat.SSH, garbage, Optional.empty()))
        .isInstanceOf(SigningException.class)
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> CommitSigner.load(SigningFormat.OPENPGP, garbage, Optional.empty()))
        .isInstanceOf(SigningException.class)
        .hasMessageNotContaining("s3cr3t");

    // An OpenSSH key given as OpenPGP, and the other way round.
    TestKeys.SshKey ssh = TestKeys.ssh(dir, "ssh", "");
    assertThatThrownBy(() -> CommitSigner.load(SigningFormat.OPENPGP, ssh.file(), Optional.empty()))
        .isInstanceOf(SigningException.class);
  }
}
