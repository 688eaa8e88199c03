package io.alloyfleet.source;

import io.alloyfleet.fleet.files.FleetFiles;

/**
 * What a poll of the source found: the branch tip as before, a new commit and its fleet, or a new
 * commit that may not render (its signature is not trusted).
 */
public sealed interface SourceSnapshot {

  SourceCommit commit();

  /** The tip is the commit already seen; nothing was fetched. */
  record Unchanged(SourceCommit commit) implements SourceSnapshot {}

  /** A commit to render, with the fleet read from its tree. */
  record Fetched(SourceCommit commit, FleetFiles files) implements SourceSnapshot {}

  /**
   * A commit whose signature is missing or not trusted: nothing of it is read or rendered. {@code
   * reason} is a sentence naming the commit, e.g. {@code commit 1a2b3c4 is not signed}.
   */
  record Refused(SourceCommit commit, String reason) implements SourceSnapshot {}
}
