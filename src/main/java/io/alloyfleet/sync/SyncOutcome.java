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
  record Synced(SourceCommit commit, FleetRender render, Map<String, PublishOutcome.BranchCommit> commits) implements SyncOutcome {}

  /** The sync could not finish; what was published before stays as it was. */
  record Failed(String stage, String error) implements SyncOutcome {
    /** The source could not be reached or read. */
    public static final String SOURCE = "source";
    /** The source answered, and refused the credentials. */
    public static final String AUTHENTICATION = "authentication";

    /** The source did not answer this sync, or refused it: its data is not fresh. */
    public boolean sourceUnread() {
      return stage.equals(SOURCE) || stage.equals(AUTHENTICATION);
    }
  }
}
