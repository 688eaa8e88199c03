package io.alloyfleet.signing;

import io.alloyfleet.secrets.SecretFile;
import io.alloyfleet.source.SourceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Collection;
import java.util.Optional;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * SSH signatures (Git's {@code gpg.format=ssh}) made by JGit's SSH signer from an OpenSSH private
 * key file; the passphrase, if any, comes from its own file.
 */
final class SshSigning implements CommitSigner {

  private static final GpgConfig CONFIG = new GpgConfig(new Config());
  private static final PersonIdent PROBE = new PersonIdent("Alloy Fleet", "alloy-fleet@localhost");

  private final Path key;
  private final Optional<Path> passphraseFile;
  private final SigningKey publicKey;
  private final Signer signer;

  private SshSigning(Path key, Optional<Path> passphraseFile, SigningKey publicKey, Signer signer) {
    this.key = key;
    this.passphraseFile = passphraseFile;
    this.publicKey = publicKey;
    this.signer = signer;
  }

  static SshSigning load(Path key, Optional<Path> passphraseFile) throws SigningException {
    Signer signer = Signers.get(GpgConfig.GpgFormat.SSH);
    if (signer == null) {
      throw new SigningException("JGit's SSH signer is not on the class path", null);
    }
    KeyPair pair;
    try {
      FilePasswordProvider passphrase =
          SecretFile.read(passphraseFile)
              .map(FilePasswordProvider::of)
              .orElse(FilePasswordProvider.EMPTY);
      Collection<KeyPair> pairs =
          SecurityUtils.getKeyPairResourceParser().loadKeyPairs(null, key, passphrase);
      if (pairs == null || pairs.size() != 1) {
        throw new SigningException(
            "the SSH signing key "
                + key
                + " must hold exactly one OpenSSH private key (alloy-fleet.publish.signing.key)",
            null);
      }
      pair = pairs.iterator().next();
    } catch (IOException | GeneralSecurityException | UncheckedIOException e) {
      throw new SigningException(
          "cannot read the SSH signing key "
              + key
              + " (alloy-fleet.publish.signing.key; a passphrase goes in"
              + " alloy-fleet.publish.signing.passphrase-file): "
              + SourceException.reason(e),
          e);
    }
    SshSigning signing =
        new SshSigning(
            key,
            passphraseFile,
            new SigningKey(SigningFormat.SSH, KeyUtils.getFingerPrint(pair.getPublic())),
            signer);
    try {
      signing.sign("probe".getBytes(StandardCharsets.UTF_8), PROBE);
    } catch (IOException e) {
      throw new SigningException(e.getMessage(), e); // names the key file already
    }
    return signing;
  }

  @Override
  public SigningKey key() {
    return publicKey;
  }

  @Override
  public GpgSignature sign(byte[] data, PersonIdent committer) throws IOException {
    try {
      // The repository serves only gpg.ssh.defaultKeyCommand, which a key file never needs.
      return signer.sign(null, CONFIG, data, committer, key.toString(), passphrase());
    } catch (GitAPIException | RuntimeException e) {
      throw new IOException(
          "cannot sign with the SSH key " + key + ": " + SourceException.reason(e), e);
    }
  }

  /** Answers the key's passphrase prompt from the passphrase file, read at each use. */
  private CredentialsProvider passphrase() {
    Optional<String> secret = SecretFile.read(passphraseFile);
    return new CredentialsProvider() {
      @Override
      public boolean isInteractive() {
        return false;
      }

      @Override
      public boolean supports(CredentialItem... items) {
        return true;
      }

      @Override
      public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        if (secret.isEmpty()) {
          return false;
        }
        for (CredentialItem item : items) {
          switch (item) {
            case CredentialItem.CharArrayType c -> c.setValue(secret.get().toCharArray());
            case CredentialItem.StringType s -> s.setValue(secret.get());
            case CredentialItem.YesNoType y -> y.setValue(false); // no retry with the same
            default -> {}
          }
        }
        return true;
      }
    };
  }
}
