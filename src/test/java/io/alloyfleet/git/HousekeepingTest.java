package io.alloyfleet.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache is packed when Git would pack it, keeps every referenced object, and is left alone
 * otherwise.
 */
class HousekeepingTest {

  @TempDir Path dir;

  @Test
  void packsTheCacheOnlyPastGitsLimitsAndLosesNothingReferenced() throws Exception {
    Housekeeping.Limits limits = new Housekeeping.Limits(4, 6_700);
    try (Repository cache = LocalCache.open(dir.resolve("cache.git"))) {
      List<ObjectId> commits = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        commits.add(commitInItsOwnPack(cache, i));
      }
      assertThat(Housekeeping.tidy(cache, limits)).as("3 packs are under the limit").isEmpty();
      assertThat(packs()).isEqualTo(3);

      for (int i = 3; i < 6; i++) {
        commits.add(commitInItsOwnPack(cache, i));
      }
      assertThat(Housekeeping.tidy(cache, limits)).isPresent();
      assertThat(packs()).isEqualTo(1);
      for (int i = 0; i < commits.size(); i++) {
        assertThat(cache.resolve("refs/fleet/test/" + i)).isEqualTo(commits.get(i));
        assertThat(cache.newObjectReader().has(commits.get(i))).isTrue();
      }
      assertThat(Housekeeping.tidy(cache, limits)).isEmpty();
    }
  }

  /**
   * A commit (with its tree and blob) written as one pack, as a fetch writes one, and a ref to it.
   */
  private static ObjectId commitInItsOwnPack(Repository cache, int i) throws Exception {
    try (ObjectInserter inserter =
        ((ObjectDirectory) cache.getObjectDatabase()).newPackInserter()) {
      TreeFormatter tree = new TreeFormatter();
      tree.append(
          "cluster.yaml",
          FileMode.REGULAR_FILE,
          inserter.insert(Constants.OBJ_BLOB, ("n: " + i + "\n").getBytes(StandardCharsets.UTF_8)));
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(tree));
      PersonIdent who = new PersonIdent("t", "t@example.com");
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("commit " + i);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate ref = cache.updateRef("refs/fleet/test/" + i);
      ref.setNewObjectId(id);
      ref.update();
      return id;
    }
  }

  private long packs() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("cache.git/objects/pack"))) {
      return files.filter(p -> p.toString().endsWith(".pack")).count();
    }
  }
}
