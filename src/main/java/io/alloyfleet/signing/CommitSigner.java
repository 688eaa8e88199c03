package io.alloyfleet.signing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;

/** Signs the commits the controller writes to the rendered branches. */
public interface CommitSigner {

  /** The key's public side, for status. */
  SigningKey key();

  /** The signature over {@code data} (a commit without its {@code gpgsig} header). */
  GpgSignature sign(byte[] data, PersonIdent committer) throws IOException;

  /** Signs {@code commit}, whose tree, parents, identities and message are set. */
  default void sign(CommitBuilder commit) throws IOException {
    commit.setGpgSignature(null);
    commit.setGpgSignature(sign(commit.build(), commit.getCommitter()));
  }

  /**
   * The signer of {@code format} with the private key in {@code key} (an OpenSSH private key, or an
   * ASCII-armored OpenPGP secret key), unlocked with the passphrase in {@code passphraseFile}. The
   * key is tried once here: one that cannot be read or used fails now, never a commit later.
   */
  static CommitSigner load(SigningFormat format, Path key, Optional<Path> passphraseFile)
      throws SigningException {
    return switch (format) {
      case SSH -> SshSigning.load(key, passphraseFile);
      case OPENPGP -> OpenPgpSigning.load(key, passphraseFile);
    };
  }
}
