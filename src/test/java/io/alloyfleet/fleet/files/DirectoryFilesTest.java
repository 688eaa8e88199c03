package io.alloyfleet.fleet.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.values.ValuesSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on disk: huge files and symlinks are refused as problems; executable files are just
 * files.
 */
class DirectoryFilesTest {

  static final String GOOD =
      "cluster:\n  environment: prod\nmonitoring:\n  namespaces: [a]\nendpoints:\n  otlp:\n    url: https://otlp.example.com\n";

  @Test
  void hugeFilesAndSymlinksAreRefusedExecutableFilesAreFine(@TempDir Path dir) throws Exception {
    write(dir, "clusters/good/cluster.yaml", GOOD);
    write(dir, "clusters/huge/cluster.yaml", GOOD + "#" + "x".repeat(10 * 1024 * 1024) + "\n");
    write(dir, "clusters/exec/cluster.yaml", GOOD);
    Files.setPosixFilePermissions(
        dir.resolve("clusters/exec/cluster.yaml"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("clusters/linked"));
    Files.createSymbolicLink(
        dir.resolve("clusters/linked/cluster.yaml"), dir.resolve("clusters/good/cluster.yaml"));
    Files.createSymbolicLink(dir.resolve("clusters/linkdir"), dir.resolve("clusters/good"));
    Fleet fleet = new FleetLoader(ValuesSchema.load()).load(new DirectoryFiles(dir));
    assertThat(fleet.valid()).extracting(ClusterSpec::id).containsExactly("exec", "good");
    Map<String, String> problems = new TreeMap<>();
    fleet.invalid().forEach(i -> problems.put(i.id(), i.problems().get(0).message()));
    assertThat(problems)
        .containsEntry("huge", "file is larger than 256 KiB")
        .containsEntry(
            "linked", "clusters/linked/cluster.yaml is a symbolic link; links are not followed");
    assertThat(problems)
        .containsEntry("linkdir", "clusters/linkdir is a symbolic link; links are not followed");
  }

  private static void write(Path root, String path, String text) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
