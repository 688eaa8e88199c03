package io.alloyfleet.sync;

import io.alloyfleet.git.LocalCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A real bare "origin" and a working clone that commits to it, for end-to-end tests. */
public final class FleetRepo implements AutoCloseable {

  final Path bare;
  public final Path work;
  final Git git;

  private FleetRepo(Path bare, Path work, Git git) {
    this.bare = bare;
    this.work = work;
    this.git = git;
  }

  /** An origin seeded on {@code main} with the files of {@code fleet}. */
  public static FleetRepo seeded(Path dir, Path fleet) throws Exception {
    Path bare = dir.resolve("origin.git");
    try (Git origin =
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call()) {
      // No packing behind the test's back: a repack still running when the test ends keeps its
      // temporary directory from being deleted.
      origin.getRepository().getConfig().setBoolean("receive", null, "autogc", false);
      origin.getRepository().getConfig().setInt("gc", null, "auto", 0);
      origin.getRepository().getConfig().save();
    }
    Path work = dir.resolve("work");
    Git git =
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call();
    git.getRepository().getConfig().setString("user", null, "name", "Ada Fleet");
    git.getRepository().getConfig().setString("user", null, "email", "ada@example.com");
    FleetRepo repo = new FleetRepo(bare, work, git);
    try (Stream<Path> files = Files.walk(fleet)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = work.resolve(fleet.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    repo.commit("Seed the fleet");
    return repo;
  }

  /**
   * The same fleet without the example's rollout (the last block of its fleet.yaml): every change
   * reaches every cluster at once, as tests of rendering and publishing expect.
   */
  public FleetRepo withoutRollout() throws Exception {
    String fleet = Files.readString(work.resolve("fleet.yaml"));
    int at = fleet.indexOf("\n# How a change of this file");
    if (at >= 0) {
      write("fleet.yaml", fleet.substring(0, at + 1));
      commit("Every change at once");
    }
    return this;
  }

  /** An empty bare repository at {@code dir/cache.git}: the controller's local cache. */
  /**
   * An empty local cache, configured as the service configures its own ({@link LocalCache}): a
   * plain repository would let JGit pack it in the background after a fetch, and that packing
   * removes loose objects and their directories while a sync writes new ones.
   */
  public static Repository emptyCache(Path dir) throws Exception {
    return LocalCache.open(dir.resolve("cache.git"));
  }

  public String url() {
    return bare.toUri().toString();
  }

  public void write(String path, String text) throws IOException {
    Path target = work.resolve(path);
    Files.createDirectories(target.getParent());
    Files.writeString(target, text, StandardCharsets.UTF_8);
  }

  public void edit(String path, String from, String to) throws IOException {
    String text = Files.readString(work.resolve(path));
    if (!text.contains(from)) {
      throw new IllegalArgumentException(path + " does not contain " + from);
    }
    write(path, text.replace(from, to));
  }

  public void delete(String dir) throws IOException {
    try (Stream<Path> walk = Files.walk(work.resolve(dir))) {
      for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }

  public ObjectId commit(String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    RevCommit commit = git.commit().setMessage(message).call();
    git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    return commit;
  }

  /**
   * Commits the working tree's changes and pushes them to {@code ref} of the origin (a pull
   * request's head, say), not to main; the clone goes back to main's tip.
   */
  public ObjectId propose(String ref, String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    RevCommit commit = git.commit().setMessage(message).call();
    git.push().setRefSpecs(new RefSpec("+HEAD:" + ref)).call();
    git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef("HEAD~1").call();
    return commit;
  }

  /** The tip of a branch in the bare origin, or null. */
  public ObjectId tip(String branch) throws IOException {
    try (Repository r = Git.open(bare.toFile()).getRepository()) {
      return r.resolve("refs/heads/" + branch);
    }
  }

  /** Every ref of the bare origin (branches, pull-request heads, tags) and its object. */
  public Map<String, ObjectId> refs() throws IOException {
    Map<String, ObjectId> refs = new TreeMap<>();
    try (Repository r = Git.open(bare.toFile()).getRepository()) {
      for (org.eclipse.jgit.lib.Ref ref : r.getRefDatabase().getRefs()) {
        refs.put(ref.getName(), ref.getObjectId());
      }
    }
    return refs;
  }

  /** Every file on a branch of the origin, with its text. */
  public Map<String, String> files(String branch) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Repository r = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(r);
        TreeWalk tree = new TreeWalk(r)) {
      ObjectId tip = r.resolve("refs/heads/" + branch);
      if (tip == null) {
        return files;
      }
      tree.addTree(walk.parseCommit(tip).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        files.put(
            tree.getPathString(),
            new String(r.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  /**
   * Commits {@code text} as {@code path} on top of {@code branch} of the origin, as someone editing
   * a rendered branch by hand would.
   */
  public void writeOnBranch(String branch, String path, String text) throws Exception {
    try (Repository r = Git.open(bare.toFile()).getRepository();
        org.eclipse.jgit.junit.TestRepository<Repository> origin =
            new org.eclipse.jgit.junit.TestRepository<>(r)) {
      origin
          .branch("refs/heads/" + branch)
          .commit()
          .add(path, text)
          .message("Edit " + path)
          .create();
    }
  }

  /** Commit messages of a branch, newest first. */
  List<RevCommit> log(String branch) throws Exception {
    List<RevCommit> commits = new ArrayList<>();
    try (Git origin = Git.open(bare.toFile())) {
      origin
          .log()
          .add(origin.getRepository().resolve("refs/heads/" + branch))
          .call()
          .forEach(commits::add);
    }
    return commits;
  }

  @Override
  public void close() {
    git.close();
  }
}
