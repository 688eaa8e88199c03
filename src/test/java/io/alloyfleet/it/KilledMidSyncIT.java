package io.alloyfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.bench.FleetGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application, killed with SIGKILL in the middle of a sync and started again: the
 * repository stays consistent, the sync completes, and nothing is committed twice.
 */
class KilledMidSyncIT {

  static final int CLUSTERS = 1500;

  @TempDir Path dir;

  @Test
  void aSyncKilledHalfwayCompletesAfterRestartWithoutDuplicates() throws Exception {
    Path origin = seed();
    Path data = dir.resolve("data");

    Process first = start(origin, data, dir.resolve("first.log"));
    // The fleet was read and its render begun: killed between that and the push.
    waitFor(
        dir.resolve("first.log"), "Read " + CLUSTERS + " cluster(s) from ", Duration.ofSeconds(60));
    first.destroyForcibly().waitFor();
    assertThat(Files.readString(dir.resolve("first.log")))
        .as("killed before the first sync finished")
        .doesNotContain("Rendered ");

    Process second = start(origin, data, dir.resolve("second.log"));
    try {
      waitFor(dir.resolve("second.log"), "Rendered ", Duration.ofSeconds(180));
    } finally {
      second.destroy();
      second.waitFor();
    }

    Process fsck =
        new ProcessBuilder("git", "-C", origin.toString(), "fsck", "--strict")
            .redirectErrorStream(true)
            .start();
    String fsckOutput = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(fsck.waitFor()).as(fsckOutput).isZero();
    try (Repository repo = Git.open(origin.toFile()).getRepository();
        Git git = new Git(repo)) {
      List<Ref> branches = repo.getRefDatabase().getRefsByPrefix("refs/heads/rendered/");
      assertThat(branches)
          .extracting(Ref::getName)
          .containsExactlyInAnyOrder(
              "refs/heads/rendered/development",
              "refs/heads/rendered/staging",
              "refs/heads/rendered/production");
      Set<String> clusters = new TreeSet<>();
      for (Ref branch : branches) {
        List<String> renders = new ArrayList<>();
        git.log().add(branch.getObjectId()).call().forEach(c -> renders.add(c.getShortMessage()));
        assertThat(renders).as(branch.getName() + " has exactly one render commit").hasSize(1);
        try (RevWalk walk = new RevWalk(repo);
            TreeWalk tree = new TreeWalk(repo)) {
          tree.addTree(walk.parseCommit(branch.getObjectId()).getTree());
          while (tree.next()) {
            if (tree.isSubtree() && !tree.getNameString().equals("_fleet")) {
              clusters.add(tree.getNameString());
            }
          }
        }
      }
      assertThat(clusters).hasSize(CLUSTERS);
    }
  }

  private Path seed() throws Exception {
    Path work = dir.resolve("work");
    for (var file : FleetGenerator.generate(CLUSTERS, 11).entrySet()) {
      Path target = work.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
    Path origin = dir.resolve("origin.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      PersonIdent me = new PersonIdent("IT", "it@alloy-fleet.invalid");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("Fleet of " + CLUSTERS).setAuthor(me).setCommitter(me).call();
      git.push()
          .setRemote(origin.toUri().toString())
          .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
          .call();
    }
    return origin;
  }

  private Process start(Path origin, Path data, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Dalloy-fleet.source.url=" + origin.toUri(),
            "-Dalloy-fleet.data-dir=" + data,
            "-Dalloy-fleet.poll-interval=1h",
            "-Dquarkus.http.port=0",
            "-jar",
            Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void waitFor(Path log, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no '"
            + text
            + "' in "
            + log
            + " within "
            + timeout
            + ":\n"
            + (Files.exists(log) ? Files.readString(log) : ""));
  }
}
