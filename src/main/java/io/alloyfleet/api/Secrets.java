package io.alloyfleet.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    return file.map(path -> {
      try {
        return Files.readString(path, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read secret file " + path, e);
      }
    }).filter(bytes -> bytes.length > 0);
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
      return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), header.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
