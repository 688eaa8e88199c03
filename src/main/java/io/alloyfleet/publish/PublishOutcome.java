package io.alloyfleet.publish;

import java.util.List;
import java.util.Map;

/** What a publish did. JGit reports a rejected push as a status; so do we. */
public sealed interface PublishOutcome {

  /** New commits were pushed: per environment, the commit and the clusters it changed. */
  record Committed(Map<String, BranchCommit> commits) implements PublishOutcome {}

  /** Every branch already held exactly this render: nothing was committed. */
  record Unchanged() implements PublishOutcome {}

  /** The push was refused; {@code retryable} when the branch moved under us (fetch and rebuild). */
  record Rejected(String reason, boolean retryable) implements PublishOutcome {}

  record BranchCommit(String branch, String commit, List<String> changedClusters) {}
}
