package io.alloyfleet.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.publish.RenderedBranch.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;

class TreeWriterTest {

  @Test
  void writesTreesGitAcceptsInGitsOrder() throws Exception {
    try (InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("t"));
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, "x".getBytes(StandardCharsets.UTF_8));
      // Names whose order differs between plain string order and Git's (a subtree sorts as
      // "name/").
      SortedMap<String, ObjectId> files = new TreeMap<>();
      for (String path :
          List.of(
              "a",
              "a.b",
              "a-b/x",
              "a0",
              "c/d/e",
              "c/d.txt",
              "c-d",
              "_fleet/k.yaml",
              ".gitattributes",
              "README.md",
              "é/x")) {
        files.put(path, blob);
      }
      ObjectId root = TreeWriter.files(inserter, files);
      Map<String, Entry> entries =
          new TreeMap<>(
              Map.of(
                  "a",
                  Entry.file(blob),
                  "a.b",
                  Entry.file(blob),
                  "a-b",
                  Entry.tree(root),
                  "ab",
                  Entry.tree(root)));
      ObjectId other = TreeWriter.entries(inserter, entries);
      inserter.flush();

      ObjectChecker checker = new ObjectChecker();
      for (ObjectId tree : List.of(root, other)) {
        checker.checkTree(reader.open(tree, Constants.OBJ_TREE).getCachedBytes());
      }
      List<String> paths = new ArrayList<>();
      try (TreeWalk walk = new TreeWalk(reader)) {
        walk.addTree(root);
        walk.setRecursive(true);
        while (walk.next()) {
          paths.add(walk.getPathString());
        }
      }
      assertThat(paths).containsExactlyInAnyOrderElementsOf(files.keySet());
    }
  }
}
