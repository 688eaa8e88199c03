package io.alloyfleet.source;

import io.alloyfleet.fleet.files.FleetFiles;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * Commits of a repository, read without a checkout: a revision's commit, the merge base of two, and
 * the fleet in a commit's tree. What a preview compares.
 */
public final class Revisions {

  private final Repository repository;
  private final String root;

  /** {@code root}: the fleet root inside the repository ("" for the whole repo). */
  public Revisions(Repository repository, String root) {
    this.repository = repository;
    this.root = root.replaceAll("^/+|/+$", "");
  }

  /** A revision (a commit id, a branch, {@code HEAD~1}, …) as a commit id; empty when unknown. */
  public Optional<String> resolve(String revision) {
    try {
      ObjectId id = repository.resolve(revision + "^{commit}");
      return Optional.ofNullable(id).map(ObjectId::name);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The best common ancestor of two commits; empty when they share none. */
  public Optional<String> mergeBase(String a, String b) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(ObjectId.fromString(a)));
      walk.markStart(walk.parseCommit(ObjectId.fromString(b)));
      RevCommit base = walk.next();
      return Optional.ofNullable(base).map(RevCommit::name);
    }
  }

  /** The fleet in a commit's tree. */
  public FleetFiles files(String commit) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      return new GitTreeFiles(
          repository, walk.parseCommit(ObjectId.fromString(commit)).getTree(), root);
    }
  }
}
