package io.alloyfleet.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default seeds a repo with exactly the bundled example, once, and a work tree to
 * edit.
 */
class DemoFleetTest {

  private static final Path EXAMPLE = Path.of("gitops-example");

  @TempDir Path data;

  @Test
  void seedsTheExampleOnceAndClonesAWorkTreeToEdit() throws Exception {
    String url = DemoFleet.ensure(data, EXAMPLE);
    Path bare = data.resolve("demo-fleet.git");
    RevCommit seeded;
    List<String> committed = new ArrayList<>();
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      seeded = walk.parseCommit(repo.resolve("refs/heads/main"));
      tree.addTree(seeded.getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        committed.add(tree.getPathString());
      }
    }
    List<String> example;
    try (Stream<Path> files = Files.walk(EXAMPLE)) {
      example =
          files
              .filter(Files::isRegularFile)
              .map(p -> EXAMPLE.relativize(p).toString())
              .sorted()
              .toList();
    }
    assertThat(committed).isEqualTo(example);
    assertThat(seeded.getShortMessage()).isEqualTo("Seed the demo fleet from gitops-example");
    try (Stream<Path> left = Files.list(data)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("demo-fleet.git");
    }

    assertThat(DemoFleet.ensure(data, EXAMPLE)).isEqualTo(url);
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      assertThat(repo.resolve("refs/heads/main")).isEqualTo(seeded.getId());
    }

    Path seed = DemoFleet.checkoutSeed(data, url).get(60, TimeUnit.SECONDS);
    assertThat(seed.resolve("clusters/edge-small/cluster.yaml"))
        .hasSameTextualContentAs(EXAMPLE.resolve("clusters/edge-small/cluster.yaml"));
    try (Git git = Git.open(seed.toFile())) {
      assertThat(git.getRepository().getConfig().getString("remote", "origin", "url"))
          .isEqualTo(url);
      assertThat(git.status().call().isClean()).isTrue();
    }
  }
}
