package io.alloyfleet.sync;

import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.publish.PublishOutcome;
import io.alloyfleet.source.SourceCommit;
import java.util.Map;

/** How one sync ended. */
public sealed interface SyncOutcome {

  /** The source branch had not moved since the last successful sync: nothing was done. */
  record SourceUnchanged(SourceCommit commit) implements SyncOutcome {}

  /** The fleet was rendered; {@code commits} is empty when every branch was already current. */
  record Synced(
      SourceCommit commit, FleetRender render, Map<String, PublishOutcome.BranchCommit> commits)
      implements SyncOutcome {}

  /** The sync could not finish at {@code stage}; what was published before stays as it was. */
  record Failed(Stage stage, String error) implements SyncOutcome {

    /** The source did not answer this sync, or refused it: its data is not fresh. */
    public boolean sourceUnread() {
      return stage == Stage.SOURCE || stage == Stage.AUTHENTICATION;
    }
  }

  /** Where a sync stopped. Shown in status and logs by {@link #label()}. */
  enum Stage {
    /** The source could not be reached or read. */
    SOURCE,
    /** The source answered, and refused the credentials: waiting will not help. */
    AUTHENTICATION,
    /** The source's head is not signed by a trusted key: it renders nothing. */
    VERIFICATION,
    /** This replica stopped leading before it pushed. */
    LEADERSHIP,
    /** The rendered branches could not be fetched or pushed. */
    PUBLISH,
    /** A fault of the controller itself (a bug): reported, and retried like the others. */
    INTERNAL;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
