package io.alloyfleet.source;

import io.alloyfleet.fleet.FleetFiles;

/** What a poll of the source found: the branch tip as before, or a new commit and its fleet. */
public sealed interface SourceSnapshot {

  SourceCommit commit();

  /** The tip is the commit already seen; nothing was fetched. */
  record Unchanged(SourceCommit commit) implements SourceSnapshot {}

  /** A commit to render, with the fleet read from its tree. */
  record Fetched(SourceCommit commit, FleetFiles files) implements SourceSnapshot {}
}
