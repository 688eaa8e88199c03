package io.alloyfleet.source;

import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.FleetLayout;
import io.alloyfleet.git.CommitId;
import io.alloyfleet.git.RemoteAccess;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A source commit → the fleet it describes. Each poll asks the remote for the branch tip
 * (ls-remote) and fetches only when it moved, into a local bare repository; the fleet is read from
 * the commit's tree, never checked out.
 */
public final class FleetSource {

  static final String LOCAL_REF = "refs/fleet/source/";

  private final Repository local;
  private final RemoteAccess remote;
  private final String branch;
  private final String root;
  private final CommitTrust trust;

  public FleetSource(Repository local, RemoteAccess remote, String branch, String root) {
    this(local, remote, branch, root, CommitTrust.ANY);
  }

  /** {@code trust}: which commits may render (signature verification). */
  public FleetSource(
      Repository local, RemoteAccess remote, String branch, String root, CommitTrust trust) {
    this.local = local;
    this.remote = remote;
    this.branch = branch;
    this.root = root.replaceAll("^/+|/+$", "");
    this.trust = trust;
  }

  /** The local bare repository the source is fetched into (shared with the publisher). */
  public Repository cache() {
    return local;
  }

  public RemoteAccess remote() {
    return remote;
  }

  public String branch() {
    return branch;
  }

  /** The fleet at a source commit already in the local cache (the last one synced, say). */
  public Optional<FleetFiles> files(String commit) {
    try (RevWalk walk = new RevWalk(local)) {
      ObjectId id = ObjectId.fromString(commit);
      if (!local.getObjectDatabase().has(id)) {
        return Optional.empty();
      }
      return Optional.of(new GitTreeFiles(local, walk.parseCommit(id).getTree(), root));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The branch tip, fetched and read when it differs from {@code lastSeen}. */
  public SourceSnapshot poll(Optional<String> lastSeen) throws SourceException {
    try {
      ObjectId tip = remoteTip();
      if (lastSeen.isPresent()
          && lastSeen.get().equals(tip.name())
          && local.getObjectDatabase().has(tip)) {
        return new SourceSnapshot.Unchanged(commit(tip));
      }
      fetch();
      try (RevWalk walk = new RevWalk(local)) {
        RevCommit commit = walk.parseCommit(tip);
        Optional<String> refusal = refusal(commit);
        if (refusal.isPresent()) {
          // Judged again at each poll: a key added to the trusted ones lets the same head render.
          return new SourceSnapshot.Refused(describe(commit), refusal.get());
        }
        GitTreeFiles files = new GitTreeFiles(local, commit.getTree(), root);
        if (files.links("").contains(FleetLayout.CLUSTERS)) {
          // Read as no clusters at all, it would remove every rendered cluster: refuse the commit.
          throw new SourceException(
              "commit "
                  + CommitId.of(commit).shortForm()
                  + ": "
                  + FleetLayout.CLUSTERS
                  + " is a symbolic link; links are not followed, nothing was rendered",
              null);
        }
        return new SourceSnapshot.Fetched(describe(commit), files);
      }
    } catch (GitAPIException | IOException e) {
      throw new SourceException(
          "cannot read branch "
              + branch
              + " of "
              + remote.displayUrl()
              + ": "
              + SourceException.reason(e),
          e);
    }
  }

  /**
   * Fetches a ref of the source that is not a branch (a pull request's head, say) into the local
   * cache, together with the source branch; returns the ref's commit and the branch's. Nothing is
   * read from the commit yet.
   */
  public Fetched fetchRef(String remoteRef, String localName) throws SourceException {
    String local = "refs/fleet/preview/" + localName;
    try (Git git = Git.wrap(this.local)) {
      git.fetch()
          .setRemote(remote.url())
          .setRefSpecs(
              new RefSpec("+" + remoteRef + ":" + local),
              new RefSpec("+refs/heads/" + branch + ":" + LOCAL_REF + branch))
          .setTransportConfigCallback(remote)
          .call();
      ObjectId head = this.local.resolve(local);
      ObjectId target = this.local.resolve(LOCAL_REF + branch);
      if (head == null || target == null) {
        throw new SourceException(remoteRef + " not found in " + remote.displayUrl(), null);
      }
      return new Fetched(head.name(), target.name());
    } catch (GitAPIException | IOException e) {
      throw new SourceException(
          "cannot fetch "
              + remoteRef
              + " of "
              + remote.displayUrl()
              + ": "
              + SourceException.reason(e),
          e);
    }
  }

  /**
   * Why a commit already in the local cache (a pull request's head, say) may not render, e.g.
   * {@code commit 1a2b3c4 is not signed}; empty when it is trusted.
   */
  public Optional<String> refusal(String commit) throws SourceException {
    try (RevWalk walk = new RevWalk(local)) {
      return refusal(walk.parseCommit(ObjectId.fromString(commit)));
    } catch (IOException | IllegalArgumentException e) {
      throw new SourceException("cannot read commit " + commit + ": " + e.getMessage(), e);
    }
  }

  private Optional<String> refusal(RevCommit commit) {
    return switch (trust.verify(local, commit)) {
      case CommitTrust.Verdict.Trusted t -> Optional.empty();
      case CommitTrust.Verdict.Refused r ->
          Optional.of("commit " + CommitId.of(commit).shortForm() + " " + r.reason());
    };
  }

  /** A fetched ref's commit, and the source branch's tip fetched with it. */
  public record Fetched(String commit, String branchTip) {}

  private ObjectId remoteTip() throws GitAPIException, SourceException {
    Map<String, Ref> refs =
        Git.lsRemoteRepository()
            .setRemote(remote.url())
            .setHeads(true)
            .setTransportConfigCallback(remote)
            .callAsMap();
    Ref ref = refs.get("refs/heads/" + branch);
    if (ref == null) {
      throw new SourceException("branch " + branch + " not found in " + remote.displayUrl(), null);
    }
    return ref.getObjectId();
  }

  private void fetch() throws GitAPIException {
    try (Git git = Git.wrap(local)) {
      git.fetch()
          .setRemote(remote.url())
          .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + LOCAL_REF + branch))
          .setTransportConfigCallback(remote)
          .call();
    }
  }

  private SourceCommit commit(ObjectId id) throws IOException {
    try (RevWalk walk = new RevWalk(local)) {
      return describe(walk.parseCommit(id));
    }
  }

  static SourceCommit describe(RevCommit commit) {
    var author = commit.getAuthorIdent();
    return new SourceCommit(
        commit.name(),
        commit.getShortMessage(),
        author.getName(),
        author.getEmailAddress(),
        Instant.ofEpochSecond(commit.getCommitTime()));
  }
}
