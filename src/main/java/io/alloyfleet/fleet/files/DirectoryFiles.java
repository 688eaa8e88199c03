package io.alloyfleet.fleet.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A fleet in a directory on disk. Symlinks are refused, never followed. */
public final class DirectoryFiles implements FleetFiles {

  private final Path root;

  public DirectoryFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public Optional<String> read(String path) throws RefusedFileException {
    Path file = resolve(path);
    Optional<Path> link = firstLink(file);
    if (link.isPresent()) {
      throw new RefusedFileException(
          path, display(link.get()) + " is a symbolic link; links are not followed");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      if (Files.size(file) > YamlReader.MAX_BYTES) {
        throw new RefusedFileException(
            path, "file is larger than " + YamlReader.MAX_BYTES / 1024 + " KiB");
      }
      return Optional.of(FleetFiles.utf8(path, Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public List<String> directories(String path) {
    return list(path, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Override
  public List<String> files(String path) {
    return list(path, p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Override
  public List<String> links(String path) {
    return list(path, Files::isSymbolicLink);
  }

  /** Nothing under a link is listed: a directory reached through one is not part of the fleet. */
  private List<String> list(String path, Predicate<Path> kind) {
    Path dir = resolve(path);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || firstLink(dir).isPresent()) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(kind).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private Optional<Path> firstLink(Path path) {
    return firstLink(root, path);
  }

  /**
   * The first path below {@code root}, down to and including {@code path}, that is a symbolic link.
   */
  public static Optional<Path> firstLink(Path root, Path path) {
    Path at = root;
    for (Path part : root.relativize(path)) {
      at = at.resolve(part);
      if (Files.isSymbolicLink(at)) {
        return Optional.of(at);
      }
    }
    return Optional.empty();
  }

  private String display(Path path) {
    return root.relativize(path).toString().replace('\\', '/');
  }

  private Path resolve(String path) {
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("path escapes the fleet root: " + path);
    }
    return resolved;
  }
}
