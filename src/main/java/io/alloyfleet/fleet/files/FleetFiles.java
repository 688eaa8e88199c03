package io.alloyfleet.fleet.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The files of a fleet, relative to its root with '/' separators: a directory on disk for the CLI,
 * a commit's tree for the controller.
 */
public interface FleetFiles {

  /** The text of a regular file; empty when there is no such file. */
  Optional<String> read(String path) throws RefusedFileException;

  /** Names of the sub-directories of a directory, sorted; empty when there is none. */
  List<String> directories(String path);

  /** Names of the regular files in a directory, sorted. */
  List<String> files(String path);

  /**
   * Names of the entries of a directory that are symbolic links (or submodules), sorted. They are
   * never followed: the loader reports each as a problem of whatever it would feed.
   */
  List<String> links(String path);

  /**
   * An identity of a file's or a directory's content (a Git blob or tree id), when the source has
   * one: equal versions mean equal content, so work derived from it can be reused.
   */
  default Optional<String> version(String path) {
    return Optional.empty();
  }

  /**
   * The version of {@code name} in {@code directory}: the same as {@link #version(String)}, asked
   * for once per cluster.
   */
  default Optional<String> version(String directory, String name) {
    return version(directory + "/" + name);
  }

  /** Strict UTF-8 decoding: a values file that is not text is refused, not guessed at. */
  static String utf8(String path, byte[] bytes) throws RefusedFileException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RefusedFileException(path, "file is not UTF-8 text");
    }
  }

  /** A file that exists but must not be read: a symlink, a submodule, too large, not UTF-8. */
  final class RefusedFileException extends Exception {
    private final String path;

    public RefusedFileException(String path, String reason) {
      super(reason, null, false, false);
      this.path = path;
    }

    public String path() {
      return path;
    }
  }
}
