package io.alloyfleet.fleet;

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
    if (Files.isSymbolicLink(file)) {
      throw new RefusedFileException(path, "symbolic links are not followed");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      if (Files.size(file) > YamlReader.MAX_BYTES) {
        throw new RefusedFileException(path, "file is larger than " + YamlReader.MAX_BYTES / 1024 + " KiB");
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
    return list(path, p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
  }

  private List<String> list(String path, Predicate<Path> kind) {
    Path dir = resolve(path);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(kind).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private Path resolve(String path) {
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("path escapes the fleet root: " + path);
    }
    return resolved;
  }
}
