package io.alloyfleet.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.values.ValuesSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet read from a Git tree refuses links, submodules and oversize files as problems. */
class GitTreeFilesTest {

  static final String GOOD =
      "cluster:\n  environment: prod\nmonitoring:\n  namespaces: [a]\nendpoints:\n  otlp:\n    url: https://otlp.example.com\n";

  @TempDir Path dir;

  @Test
  void linksSubmodulesAndHugeFilesAreRefusedNeverFollowed() throws Exception {
    try (Repository repo =
            Git.init().setBare(true).setDirectory(dir.toFile()).call().getRepository();
        ObjectInserter inserter = repo.newObjectInserter();
        RevWalk walk = new RevWalk(repo)) {
      Map<String, DirCacheEntry> entries = new TreeMap<>();
      entries.put(
          "fleet/clusters/good/cluster.yaml",
          entry("fleet/clusters/good/cluster.yaml", FileMode.REGULAR_FILE, blob(inserter, GOOD)));
      entries.put(
          "fleet/clusters/linked",
          entry("fleet/clusters/linked", FileMode.SYMLINK, blob(inserter, "/etc")));
      entries.put(
          "fleet/clusters/sub",
          entry(
              "fleet/clusters/sub",
              FileMode.GITLINK,
              ObjectId.fromString("0123456789012345678901234567890123456789")));
      entries.put(
          "fleet/clusters/sneaky/cluster.yaml",
          entry(
              "fleet/clusters/sneaky/cluster.yaml",
              FileMode.SYMLINK,
              blob(inserter, "../good/cluster.yaml")));
      entries.put(
          "fleet/clusters/huge/cluster.yaml",
          entry(
              "fleet/clusters/huge/cluster.yaml",
              FileMode.REGULAR_FILE,
              blob(inserter, GOOD + "#".repeat(300_000))));
      entries.put(
          "outside/secret.yaml",
          entry("outside/secret.yaml", FileMode.REGULAR_FILE, blob(inserter, "x: 1\n")));
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      entries.values().forEach(builder::add);
      builder.finish();
      ObjectId treeId = index.writeTree(inserter);
      inserter.flush();
      RevTree tree = walk.parseTree(treeId);

      GitTreeFiles files = new GitTreeFiles(repo, tree, "fleet");
      assertThat(files.read("outside/secret.yaml")).isEmpty();
      Fleet fleet = new FleetLoader(ValuesSchema.load()).load(files);
      assertThat(fleet.valid()).extracting(s -> s.id()).containsExactly("good");
      Map<String, String> problems = new TreeMap<>();
      for (Invalid invalid : fleet.invalid()) {
        problems.put(
            invalid.id(), invalid.problems().stream().map(Problem::message).findFirst().orElse(""));
      }
      assertThat(problems).containsOnlyKeys("huge", "linked", "sneaky", "sub");
      assertThat(problems.get("linked"))
          .isEqualTo("clusters/linked is a symbolic link; links are not followed");
      assertThat(problems.get("sneaky"))
          .isEqualTo("clusters/sneaky/cluster.yaml is a symbolic link; links are not followed");
      assertThat(problems.get("sub"))
          .isEqualTo("clusters/sub is a submodule; submodules are not followed");
      assertThat(problems.get("huge")).isEqualTo("file is larger than 256 KiB");

      // A directory's version, asked for by name (as the loader does) or by path: its tree id; none
      // for links.
      assertThat(files.version("clusters", "good"))
          .isEqualTo(files.version("clusters/good"))
          .isPresent();
      try (TreeWalk good = TreeWalk.forPath(repo, "fleet/clusters/good", treeId)) {
        assertThat(files.version("clusters", "good").orElseThrow())
            .endsWith(":" + good.getObjectId(0).name());
      }
      for (String link : new String[] {"linked", "sub"}) {
        assertThat(files.version("clusters", link)).as(link).isEmpty();
        assertThat(files.version("clusters/" + link)).as(link).isEmpty();
      }
      assertThat(files.version("clusters", "missing")).isEmpty();
    }
  }

  private static ObjectId blob(ObjectInserter inserter, String text) throws Exception {
    return inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
  }

  private static DirCacheEntry entry(String path, FileMode mode, ObjectId id) {
    DirCacheEntry entry = new DirCacheEntry(path);
    entry.setFileMode(mode);
    entry.setObjectId(id);
    return entry;
  }
}
