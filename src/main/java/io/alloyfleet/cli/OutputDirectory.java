package io.alloyfleet.cli;

import io.alloyfleet.fleet.files.DirectoryFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.render.EnvironmentRenderer;
import io.alloyfleet.render.RenderedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CLI's output: {@code OUT/<environment>/<cluster>/…} and {@code OUT/<environment>/_fleet/…}. A
 * rendered cluster's directory is replaced whole; an invalid cluster's is left as it was, so its
 * last good render stays. Below OUT, a symbolic link is never followed: a directory or file that is
 * one is refused, and nothing is written through it or deleted behind it.
 */
final class OutputDirectory {

  private OutputDirectory() {}

  /** What was written: the paths refused because they are symbolic links (empty when none). */
  record Written(List<Path> refusedLinks) {}

  static Written write(FleetRender render, Path out) {
    List<Path> refused = new ArrayList<>();
    // Each cluster has a directory of its own: written on every core (as the pipeline renders
    // them), the refusals kept in the fleet's order.
    List<RenderedCluster> clusters = render.rendered();
    (clusters.size() > 8 ? clusters.parallelStream() : clusters.stream())
        .map(
            cluster -> {
              Path dir = out.resolve(cluster.environment()).resolve(cluster.id());
              try {
                return replace(out, dir, cluster.files());
              } catch (IOException e) {
                throw new UncheckedIOException("cannot write the render to " + dir, e);
              }
            })
        .flatMap(Optional::stream)
        .forEachOrdered(refused::add);
    try {
      for (Map.Entry<String, SortedMap<String, String>> env :
          render.environmentFiles().entrySet()) {
        replace(
                out,
                out.resolve(env.getKey()).resolve(EnvironmentRenderer.DIRECTORY),
                env.getValue())
            .ifPresent(refused::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the render to " + out, e);
    }
    return new Written(refused);
  }

  /**
   * Replaces a directory's files; the first symbolic link on the way (or among its files) refuses
   * it whole.
   */
  private static Optional<Path> replace(Path out, Path dir, Map<String, String> files)
      throws IOException {
    Optional<Path> link = DirectoryFiles.firstLink(out, dir);
    if (link.isEmpty()) {
      for (String name : files.keySet()) {
        if (Files.isSymbolicLink(dir.resolve(name))) {
          return Optional.of(dir.resolve(name));
        }
      }
    }
    if (link.isPresent()) {
      return link;
    }
    Files.createDirectories(dir);
    try (Stream<Path> existing = Files.list(dir)) {
      for (Path file : existing.toList()) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            && !files.containsKey(file.getFileName().toString())) {
          Files.delete(file);
        }
      }
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.write(
          dir.resolve(file.getKey()),
          file.getValue().getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
    }
    return Optional.empty();
  }

  /**
   * The regular files under a directory, for comparing a render with an earlier one; links are
   * listed apart, unread.
   */
  record Tree(SortedMap<String, String> files, List<String> links) {}

  static Tree read(Path root) {
    SortedMap<String, String> files = new TreeMap<>();
    List<String> links = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return new Tree(files, links);
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.toList()) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        if (relative.startsWith(".git/") || relative.equals(".git") || file.equals(root)) {
          continue;
        }
        if (Files.isSymbolicLink(file)) {
          links.add(relative);
        } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          files.put(relative, Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root, e);
    }
    return new Tree(files, links);
  }
}
