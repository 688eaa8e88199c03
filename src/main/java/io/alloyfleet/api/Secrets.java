package io.alloyfleet.api;

import io.alloyfleet.secrets.SecretFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shared secrets read from files at each use, compared in constant time. */
final class Secrets {

  private Secrets() {}

  static Optional<byte[]> read(Optional<Path> file) {
    return SecretFile.read(file).map(secret -> secret.getBytes(StandardCharsets.UTF_8));
  }

  static boolean equal(byte[] expected, String given) {
    return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }

  /** True when {@code header} is {@code sha256=<hex HMAC-SHA256 of body>} under {@code secret}. */
  static boolean signed(byte[] secret, byte[] body, String header) {
    if (header == null || !header.startsWith("sha256=")) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
      return MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.US_ASCII),
          header.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
