package io.alloyfleet.signing;

import io.alloyfleet.secrets.SecretFile;
import io.alloyfleet.source.CommitTrust;
import io.alloyfleet.source.SourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * Source commits verified as {@code git verify-commit} would: an SSH signature against an
 * allowed-signers file (JGit's SSH verifier: principals, validity, revoked keys), an OpenPGP
 * signature against armored public keys (BouncyCastle). Both files are read at each check, so a key
 * added or removed takes effect at the next poll.
 */
public final class TrustedSigners implements CommitTrust {

  private static final byte[] GPGSIG = {'g', 'p', 'g', 's', 'i', 'g'};

  private final Optional<Path> allowedSigners;
  private final Optional<Path> openPgpKeys;

  private TrustedSigners(Optional<Path> allowedSigners, Optional<Path> openPgpKeys) {
    this.allowedSigners = allowedSigners.map(Path::toAbsolutePath);
    this.openPgpKeys = openPgpKeys;
  }

  /**
   * The commits signed by a key of either file; {@link CommitTrust#ANY} when neither is set. The
   * files are read once here, so a missing or unreadable one fails the start.
   */
  public static CommitTrust of(Optional<Path> allowedSigners, Optional<Path> openPgpKeys)
      throws SigningException {
    if (allowedSigners.isEmpty() && openPgpKeys.isEmpty()) {
      return CommitTrust.ANY;
    }
    if (allowedSigners.isPresent() && !Files.isReadable(allowedSigners.get())) {
      throw new SigningException(
          "cannot read the SSH allowed-signers file "
              + allowedSigners.get()
              + " (alloy-fleet.source.verify.allowed-signers)",
          null);
    }
    TrustedSigners trust = new TrustedSigners(allowedSigners, openPgpKeys);
    if (openPgpKeys.isPresent()) {
      try {
        trust.openPgpKeys();
      } catch (IOException | PGPException | UncheckedIOException e) {
        throw new SigningException(
            "cannot read the OpenPGP keys "
                + openPgpKeys.get()
                + " (alloy-fleet.source.verify.openpgp-keys, ASCII-armored public keys): "
                + SourceException.reason(e),
            e);
      }
    }
    return trust;
  }

  @Override
  public Verdict verify(Repository repository, RevCommit commit) {
    byte[] signature = commit.getRawGpgSignature();
    if (signature == null) {
      return new Verdict.Refused("is not signed");
    }
    byte[] data = unsigned(commit.getRawBuffer());
    GpgConfig.GpgFormat format = SignatureVerifiers.getFormat(signature);
    try {
      if (format == GpgConfig.GpgFormat.SSH) {
        return ssh(repository, data, signature);
      }
      if (format == GpgConfig.GpgFormat.OPENPGP) {
        return openPgp(data, signature);
      }
      return new Verdict.Refused("has a signature of a kind not verified here (not SSH, OpenPGP)");
    } catch (IOException | PGPException | UncheckedIOException e) {
      return new Verdict.Refused(
          "has a signature that cannot be checked: " + SourceException.reason(e));
    }
  }

  private Verdict ssh(Repository repository, byte[] data, byte[] signature) throws IOException {
    Config config = new Config();
    allowedSigners.ifPresent(
        file -> config.setString("gpg", "ssh", "allowedSignersFile", file.toString()));
    SignatureVerifier verifier = SignatureVerifiers.get(GpgConfig.GpgFormat.SSH);
    if (verifier == null) {
      return new Verdict.Refused("has an SSH signature, and JGit's SSH verifier is missing");
    }
    SignatureVerifier.SignatureVerification result =
        verifier.verify(repository, new GpgConfig(config), data, signature);
    String key = String.valueOf(result.keyFingerprint());
    if (result.verified()) {
      return new Verdict.Trusted("SSH key " + key + " (" + result.keyUser() + ")");
    }
    if (result.trustLevel() == SignatureVerifier.TrustLevel.UNKNOWN || allowedSigners.isEmpty()) {
      return new Verdict.Refused("is signed by an unknown key " + key);
    }
    return new Verdict.Refused(
        "has an SSH signature by " + key + " that is not accepted: " + result.message());
  }

  private Verdict openPgp(byte[] data, byte[] armored) throws IOException, PGPException {
    PGPSignature signature = firstSignature(armored);
    if (signature == null) {
      return new Verdict.Refused("has an OpenPGP signature that cannot be read");
    }
    PGPPublicKeyRingCollection keys =
        openPgpKeys.isPresent()
            ? openPgpKeys()
            : new PGPPublicKeyRingCollection(java.util.List.of());
    PGPPublicKey key = keys.getPublicKey(signature.getKeyID());
    if (key == null) {
      return new Verdict.Refused("is signed by an unknown key " + issuer(signature));
    }
    String fingerprint = OpenPgpKeys.fingerprint(key);
    signature.init(new BcPGPContentVerifierBuilderProvider(), key);
    signature.update(data);
    if (!signature.verify()) {
      return new Verdict.Refused("has a bad signature by key " + fingerprint);
    }
    PGPPublicKey primary = keys.getPublicKeyRing(signature.getKeyID()).getPublicKey();
    Optional<String> unusable = OpenPgpKeys.unusable(key, primary, Instant.now());
    if (unusable.isPresent()) {
      return new Verdict.Refused(
          "is signed by key " + fingerprint + ", which is " + unusable.get());
    }
    return new Verdict.Trusted("OpenPGP key " + fingerprint);
  }

  private PGPPublicKeyRingCollection openPgpKeys() throws IOException, PGPException {
    return OpenPgpKeys.publicKeys(SecretFile.read(openPgpKeys).orElse(""));
  }

  private static PGPSignature firstSignature(byte[] armored) throws IOException, PGPException {
    BcPGPObjectFactory objects =
        new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(armored)));
    Object next = objects.nextObject();
    if (next instanceof PGPCompressedData compressed) {
      next = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
    }
    return next instanceof PGPSignatureList list && !list.isEmpty() ? list.get(0) : null;
  }

  /** The signing key's fingerprint as the signature names it, else its key ID. */
  private static String issuer(PGPSignature signature) {
    var hashed = signature.getHashedSubPackets();
    if (hashed != null && hashed.getIssuerFingerprint() != null) {
      return java.util.HexFormat.of()
          .withUpperCase()
          .formatHex(hashed.getIssuerFingerprint().getFingerprint());
    }
    return String.format("%016X", signature.getKeyID());
  }

  /** The commit as it was signed: its raw bytes without the {@code gpgsig} header. */
  private static byte[] unsigned(byte[] raw) {
    int start = RawParseUtils.headerStart(GPGSIG, raw, 0);
    if (start < 0) {
      return raw;
    }
    int end = RawParseUtils.nextLfSkippingSplitLines(raw, start);
    start -= GPGSIG.length + 1; // back to the header's name
    if (end < raw.length) {
      end++; // and its terminating line feed
    }
    byte[] data = new byte[raw.length - (end - start)];
    System.arraycopy(raw, 0, data, 0, start);
    System.arraycopy(raw, end, data, start, raw.length - end);
    return data;
  }
}
