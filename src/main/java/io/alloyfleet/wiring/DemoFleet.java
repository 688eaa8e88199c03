package io.alloyfleet.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FileUtils;

/**
 * The embedded default: a local bare repo seeded from the bundled {@code gitops-example}, so the
 * service runs with no settings and no cluster. Kept across restarts. The repo is written straight
 * from objects (no work tree, no push) so the first sync is not kept waiting; the work tree users
 * edit and push from is cloned beside it in the background.
 */
final class DemoFleet {

  static final String BRANCH = "main";
  static final Duration CLONE_DELAY = Duration.ofSeconds(2);
  private static final PersonIdent DEMO =
      new PersonIdent("Alloy Fleet demo", "demo@alloy-fleet.invalid");

  private DemoFleet() {}

  /** The demo repo's URL, creating and seeding it on first use. */
  static String ensure(Path dataDir, Path example) throws IOException {
    Path bare = dataDir.resolve("demo-fleet.git").toAbsolutePath();
    if (Files.isDirectory(bare.resolve("objects"))) {
      return bare.toUri().toString();
    }
    if (!Files.isDirectory(example.resolve("clusters"))) {
      throw new IOException(
          "no alloy-fleet.source.url is set and there is no "
              + example
              + "/ to seed a demo from: "
              + "run from the project directory, or set ALLOY_FLEET_SOURCE_URL");
    }
    // Seeded beside its final place and moved there whole: a crash mid-seed leaves no half repo.
    Path staging = Files.createTempDirectory(dataDir.toAbsolutePath(), "demo-fleet.git.");
    try {
      seed(staging, example);
      Files.move(staging, bare, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      FileUtils.delete(staging.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    }
    return bare.toUri().toString();
  }

  /**
   * The work tree to edit and push from ({@code demo-seed/}), cloned from the demo repo unless it
   * exists, a few seconds after start: on two cores, a clone at once would slow the first sync.
   */
  static CompletableFuture<Path> checkoutSeed(Path dataDir, String url) {
    Path seed = dataDir.resolve("demo-seed").toAbsolutePath();
    if (Files.isDirectory(seed.resolve(".git"))) {
      return CompletableFuture.completedFuture(seed);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            Git.cloneRepository()
                .setURI(url)
                .setDirectory(seed.toFile())
                .setBranch(BRANCH)
                .call()
                .close();
            return seed;
          } catch (GitAPIException e) {
            throw new IllegalStateException(
                "cannot clone the demo fleet into " + seed + ": " + e.getMessage(), e);
          }
        },
        CompletableFuture.delayedExecutor(CLONE_DELAY.toMillis(), TimeUnit.MILLISECONDS));
  }

  private static void seed(Path bare, Path example) throws IOException {
    try (Repository repo =
            Git.init()
                .setBare(true)
                .setInitialBranch(BRANCH)
                .setDirectory(bare.toFile())
                .call()
                .getRepository();
        ObjectInserter inserter = repo.newObjectInserter();
        Stream<Path> walk = Files.walk(example)) {
      List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      for (Path file : files) {
        DirCacheEntry entry =
            new DirCacheEntry(example.relativize(file).toString().replace('\\', '/'));
        entry.setFileMode(FileMode.REGULAR_FILE);
        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, Files.readAllBytes(file)));
        builder.add(entry);
      }
      builder.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setAuthor(DEMO);
      commit.setCommitter(DEMO);
      commit.setMessage("Seed the demo fleet from gitops-example\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate ref = repo.updateRef(Constants.R_HEADS + BRANCH);
      ref.setNewObjectId(id);
      if (ref.update() != RefUpdate.Result.NEW) {
        throw new IOException("cannot create branch " + BRANCH + " in " + bare);
      }
    } catch (GitAPIException e) {
      throw new IOException("cannot create the demo fleet repo: " + e.getMessage(), e);
    }
  }
}
