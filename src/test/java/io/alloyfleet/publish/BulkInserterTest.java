package io.alloyfleet.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.git.BulkInserter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkInserterTest {

  @TempDir Path dir;

  @Test
  void writesOnePackThatGitAndJGitReadWithTheIdsJGitComputes() throws Exception {
    try (Repository repo =
        Git.init()
            .setBare(true)
            .setDirectory(dir.resolve("r.git").toFile())
            .call()
            .getRepository()) {
      // Sizes around the header's 4- and 7-bit boundaries, a large file, and duplicates.
      List<byte[]> contents =
          IntStream.range(0, 3000)
              .mapToObj(
                  i ->
                      ("file " + (i % 2500) + "\n" + "x".repeat(i % 7 == 0 ? i * 37 : i % 140))
                          .getBytes(StandardCharsets.UTF_8))
              .toList();
      Map<ObjectId, byte[]> expected = new TreeMap<>();
      ObjectId tree;
      try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter();
          BulkInserter inserter = new BulkInserter((ObjectDirectory) repo.getObjectDatabase())) {
        SortedMap<String, ObjectId> files = new TreeMap<>();
        contents.parallelStream()
            .forEach(
                bytes -> {
                  try {
                    ObjectId id = inserter.insert(Constants.OBJ_BLOB, bytes);
                    assertThat(id).isEqualTo(formatter.idFor(Constants.OBJ_BLOB, bytes));
                    synchronized (expected) {
                      expected.put(id, bytes);
                      files.put("d" + id.name().substring(0, 2) + "/" + id.name(), id);
                    }
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        tree = TreeWriter.files(inserter, files);
        inserter.flush();
      }

      try (ObjectReader reader = repo.newObjectReader()) {
        assertThat(reader.has(tree)).isTrue();
        for (var entry : expected.entrySet()) {
          assertThat(reader.open(entry.getKey(), Constants.OBJ_BLOB).getBytes())
              .isEqualTo(entry.getValue());
        }
      }
      try (var packs = Files.list(dir.resolve("r.git/objects/pack"))) {
        assertThat(packs.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pack")))
            .hasSize(1);
      }
      Process fsck =
          new ProcessBuilder(
                  "git",
                  "--git-dir",
                  dir.resolve("r.git").toString(),
                  "fsck",
                  "--full",
                  "--strict",
                  "--no-dangling")
              .redirectErrorStream(true)
              .start();
      String output = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(fsck.waitFor()).as(output).isZero();
      Process count =
          new ProcessBuilder(
                  "git", "--git-dir", dir.resolve("r.git").toString(), "count-objects", "-v")
              .start();
      assertThat(new String(count.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .contains("in-pack: " + (expected.size() + 1 + subtrees(expected)));
    }
  }

  /** The subtrees {@code d<xx>} the test's tree holds, one per distinct id prefix. */
  private static long subtrees(Map<ObjectId, byte[]> expected) {
    return expected.keySet().stream().map(id -> id.name().substring(0, 2)).distinct().count();
  }
}
