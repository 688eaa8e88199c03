package io.alloyfleet.cli;

import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.render.EnvironmentRenderer;
import io.alloyfleet.render.RenderedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CLI's output: {@code OUT/<environment>/<cluster>/…} and {@code OUT/<environment>/_fleet/…}.
 * A rendered cluster's directory is replaced whole; an invalid cluster's is left as it was, so
 * its last good render stays.
 */
final class OutputDirectory {

  private OutputDirectory() {}

  static void write(FleetRender render, Path out) {
    try {
      for (RenderedCluster cluster : render.rendered()) {
        replace(out.resolve(cluster.environment()).resolve(cluster.id()), cluster.files());
      }
      for (Map.Entry<String, SortedMap<String, String>> env : render.environmentFiles().entrySet()) {
        replace(out.resolve(env.getKey()).resolve(EnvironmentRenderer.DIRECTORY), env.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the render to " + out, e);
    }
  }

  private static void replace(Path dir, Map<String, String> files) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> existing = Files.list(dir)) {
      for (Path file : existing.toList()) {
        if (Files.isRegularFile(file) && !files.containsKey(file.getFileName().toString())) {
          Files.delete(file);
        }
      }
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
  }

  /** The files under a directory, for comparing a render with an earlier one. */
  static SortedMap<String, String> read(Path root) {
    SortedMap<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        if (!relative.startsWith(".git/")) {
          files.put(relative, Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root, e);
    }
    return files;
  }
}
