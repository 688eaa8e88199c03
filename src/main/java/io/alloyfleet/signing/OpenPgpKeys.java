package io.alloyfleet.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.KeyFingerPrintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * Reading ASCII-armored OpenPGP keys (one file may hold several blocks, as {@code gpg --export
 * --armor} of many keys writes them) and judging a key: revoked, expired, fit to sign.
 * BouncyCastle's lightweight API only: no JCE provider is registered.
 */
final class OpenPgpKeys {

  static final KeyFingerPrintCalculator FINGERPRINTS = new BcKeyFingerprintCalculator();
  private static final String BEGIN = "-----BEGIN PGP ";

  private OpenPgpKeys() {}

  /** The public key rings in {@code armored}. */
  static PGPPublicKeyRingCollection publicKeys(String armored) throws IOException, PGPException {
    List<PGPPublicKeyRing> rings = new ArrayList<>();
    for (String block : blocks(armored, "PUBLIC KEY BLOCK")) {
      try (InputStream in = decoder(block)) {
        new PGPPublicKeyRingCollection(in, FINGERPRINTS).forEach(rings::add);
      }
    }
    return new PGPPublicKeyRingCollection(rings);
  }

  /** The secret key rings in {@code armored}. */
  static List<PGPSecretKeyRing> secretKeys(String armored) throws IOException, PGPException {
    List<PGPSecretKeyRing> rings = new ArrayList<>();
    for (String block : blocks(armored, "PRIVATE KEY BLOCK")) {
      try (InputStream in = decoder(block)) {
        new PGPSecretKeyRingCollection(in, FINGERPRINTS).forEach(rings::add);
      }
    }
    return rings;
  }

  /** The key's fingerprint as GnuPG prints it: 40 upper-case hex digits (v4 keys). */
  static String fingerprint(PGPPublicKey key) {
    return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
  }

  /**
   * Why {@code key} (of the ring whose primary key is {@code primary}) may not sign at {@code now}.
   */
  static Optional<String> unusable(PGPPublicKey key, PGPPublicKey primary, Instant now) {
    if (primary.hasRevocation() || key.hasRevocation()) {
      return Optional.of("revoked");
    }
    for (PGPPublicKey k : key == primary ? List.of(key) : List.of(primary, key)) {
      long valid = k.getValidSeconds();
      if (valid > 0) {
        Instant expiry = k.getCreationTime().toInstant().plusSeconds(valid);
        if (!expiry.isAfter(now)) {
          return Optional.of("expired since " + expiry);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the key's newest self-signature lets it sign data (a primary key without flags may).
   */
  static boolean canSign(PGPPublicKey key) {
    Iterator<PGPSignature> signatures =
        key.isMasterKey()
            ? key.getSignatures()
            : key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
    long newest = Long.MIN_VALUE;
    Optional<Integer> flags = Optional.empty();
    while (signatures.hasNext()) {
      PGPSignature signature = signatures.next();
      var hashed = signature.getHashedSubPackets();
      if (hashed != null
          && hashed.getKeyFlags() != 0
          && signature.getCreationTime().getTime() > newest) {
        newest = signature.getCreationTime().getTime();
        flags = Optional.of(hashed.getKeyFlags());
      }
    }
    return flags.map(f -> (f & KeyFlags.SIGN_DATA) != 0).orElse(key.isMasterKey());
  }

  private static InputStream decoder(String block) throws IOException {
    return PGPUtil.getDecoderStream(
        new ByteArrayInputStream(block.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Each {@code -----BEGIN PGP <kind>-----} … {@code -----END PGP <kind>-----} block. */
  private static List<String> blocks(String armored, String kind) throws IOException {
    List<String> blocks = new ArrayList<>();
    String begin = BEGIN + kind + "-----";
    String end = "-----END PGP " + kind + "-----";
    int at = armored.indexOf(begin);
    while (at >= 0) {
      int stop = armored.indexOf(end, at);
      if (stop < 0) {
        throw new IOException("an armored block has no " + end + " line");
      }
      blocks.add(armored.substring(at, stop + end.length()) + "\n");
      at = armored.indexOf(begin, stop);
    }
    if (blocks.isEmpty()) {
      throw new IOException("no " + begin + " block (an ASCII-armored key, gpg --armor)");
    }
    return blocks;
  }
}
