package io.alloyfleet.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A secret kept in a file (a mounted Kubernetes Secret): read at each use, so a rotated secret
 * needs no restart, stripped of the line break editors add. The one reader of every token, password
 * and shared secret the controller uses.
 */
public final class SecretFile {

  private SecretFile() {}

  /** The secret in {@code file}; empty when no file is set or the file is empty. */
  public static Optional<String> read(Optional<Path> file) {
    return file.map(SecretFile::read).filter(secret -> !secret.isEmpty());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      // The path only: a secret file's content never goes into a message.
      throw new UncheckedIOException("cannot read the secret file " + file, e);
    }
  }
}
