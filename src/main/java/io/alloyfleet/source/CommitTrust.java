package io.alloyfleet.source;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Which source commits may render: a head whose commit is not signed by a trusted key renders
 * nothing. The keys and how signatures are checked live in {@code signing}; the source only asks.
 */
public interface CommitTrust {

  /** No verification configured: every commit renders. */
  CommitTrust ANY = (repository, commit) -> new Verdict.Trusted("");

  /** Whether {@code commit} (parsed, with its raw buffer) is signed by a trusted key. */
  Verdict verify(Repository repository, RevCommit commit);

  /** A commit's signature, judged. */
  sealed interface Verdict {

    /** Signed by a trusted key; {@code signer} names it (empty when nothing is verified). */
    record Trusted(String signer) implements Verdict {}

    /**
     * Not to be rendered; {@code reason} completes "commit 1a2b3c4 …", e.g. {@code is not signed}.
     */
    record Refused(String reason) implements Verdict {}
  }
}
