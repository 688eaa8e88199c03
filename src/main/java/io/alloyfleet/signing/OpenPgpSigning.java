package io.alloyfleet.signing;

import io.alloyfleet.secrets.SecretFile;
import io.alloyfleet.source.SourceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * OpenPGP signatures (Git's default {@code gpg.format}) with the signing key of an ASCII-armored
 * secret key ({@code gpg --export-secret-keys --armor}), as GnuPG makes them: a detached, armored
 * signature over the commit, SHA-256, naming the key's fingerprint. The newest key of the file fit
 * to sign, neither revoked nor expired, signs (a signing subkey rather than the primary key).
 */
final class OpenPgpSigning implements CommitSigner {

  private final PGPPrivateKey privateKey;
  private final PGPPublicKey publicKey;
  private final SigningKey key;

  private OpenPgpSigning(PGPPrivateKey privateKey, PGPPublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.key = new SigningKey(SigningFormat.OPENPGP, OpenPgpKeys.fingerprint(publicKey));
  }

  static OpenPgpSigning load(Path file, Optional<Path> passphraseFile) throws SigningException {
    List<PGPSecretKeyRing> rings;
    try {
      rings =
          OpenPgpKeys.secretKeys(
              SecretFile.read(Optional.of(file))
                  .orElseThrow(() -> new java.io.IOException("the file is empty")));
    } catch (IOException | PGPException | UncheckedIOException e) {
      throw new SigningException(
          "cannot read the OpenPGP signing key "
              + file
              + " (alloy-fleet.publish.signing.key, an ASCII-armored secret key): "
              + SourceException.reason(e),
          e);
    }
    PGPSecretKey secret = signingKey(file, rings);
    char[] passphrase = SecretFile.read(passphraseFile).orElse("").toCharArray();
    PGPPrivateKey privateKey;
    try {
      privateKey =
          secret.extractPrivateKey(
              new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                  .build(passphrase));
    } catch (PGPException e) {
      throw new SigningException(
          "cannot unlock the OpenPGP signing key "
              + file
              + ": wrong or missing passphrase (alloy-fleet.publish.signing.passphrase-file)",
          e);
    }
    OpenPgpSigning signing = new OpenPgpSigning(privateKey, secret.getPublicKey());
    signing.probe(file);
    return signing;
  }

  /** The newest key of the file fit to sign, neither revoked nor expired. */
  private static PGPSecretKey signingKey(Path file, List<PGPSecretKeyRing> rings)
      throws SigningException {
    Instant now = Instant.now();
    List<String> refused = new ArrayList<>();
    PGPSecretKey chosen = null;
    for (PGPSecretKeyRing ring : rings) {
      PGPPublicKey primary = ring.getPublicKey();
      for (PGPSecretKey secret : ring) {
        PGPPublicKey candidate = secret.getPublicKey();
        if (secret.isPrivateKeyEmpty() || !OpenPgpKeys.canSign(candidate)) {
          continue;
        }
        Optional<String> unusable = OpenPgpKeys.unusable(candidate, primary, now);
        if (unusable.isPresent()) {
          refused.add(OpenPgpKeys.fingerprint(candidate) + " is " + unusable.get());
        } else if (chosen == null
            || candidate.getCreationTime().after(chosen.getPublicKey().getCreationTime())) {
          chosen = secret;
        }
      }
    }
    if (chosen == null) {
      throw new SigningException(
          "the OpenPGP key "
              + file
              + " has no key that may sign"
              + (refused.isEmpty() ? "" : ": " + String.join(", ", refused)),
          null);
    }
    return chosen;
  }

  /** Signs once and checks the signature, so a key that cannot sign fails the start. */
  private void probe(Path file) throws SigningException {
    byte[] data = "probe".getBytes(StandardCharsets.UTF_8);
    try {
      PGPSignature signature = signature(data, Instant.now());
      signature.init(new BcPGPContentVerifierBuilderProvider(), publicKey);
      signature.update(data);
      if (!signature.verify()) {
        throw new PGPException("the signature made does not verify");
      }
    } catch (PGPException | RuntimeException e) {
      throw new SigningException(
          "cannot sign with the OpenPGP key " + file + ": " + SourceException.reason(e), e);
    }
  }

  @Override
  public SigningKey key() {
    return key;
  }

  @Override
  public GpgSignature sign(byte[] data, PersonIdent committer) throws IOException {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      try (BCPGOutputStream out = new BCPGOutputStream(new ArmoredOutputStream(buffer))) {
        signature(data, committer.getWhenAsInstant()).encode(out);
      }
      return new GpgSignature(buffer.toByteArray());
    } catch (PGPException e) {
      throw new IOException(
          "cannot sign with OpenPGP key " + key.fingerprint() + ": " + e.getMessage(), e);
    }
  }

  private PGPSignature signature(byte[] data, Instant when) throws PGPException {
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(
            new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256),
            publicKey);
    generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, Date.from(when));
    hashed.setIssuerFingerprint(false, publicKey);
    generator.setHashedSubpackets(hashed.generate());
    generator.update(data);
    return generator.generate();
  }
}
