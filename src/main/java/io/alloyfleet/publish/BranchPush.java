package io.alloyfleet.publish;

import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.source.SourceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * One push of every changed rendered branch: atomic where the server supports it, never forced,
 * each branch expecting the tip it was built on. The result says which refusals are worth a retry
 * (the branch moved) and which are not (policy, hooks).
 */
final class BranchPush {

  private final Repository local;
  private final RemoteAccess destination;

  BranchPush(Repository local, RemoteAccess destination) {
    this.local = local;
    this.destination = destination;
  }

  PublishOutcome push(
      List<RemoteRefUpdate> updates, Map<String, PublishOutcome.BranchCommit> commits)
      throws PublishException {
    try {
      PushResult result;
      try {
        result = push(updates, true);
      } catch (TransportException e) {
        if (!String.valueOf(e.getMessage()).toLowerCase().contains("atomic")) {
          throw e;
        }
        result = push(copies(updates), false);
      }
      List<String> rejected = new ArrayList<>();
      boolean retryable = true;
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        switch (update.getStatus()) {
          case OK, UP_TO_DATE -> remember(update);
          case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED ->
              rejected.add(update.getRemoteName() + ": the branch moved");
          case REJECTED_OTHER_REASON,
              REJECTED_NODELETE,
              NON_EXISTING,
              NOT_ATTEMPTED,
              AWAITING_REPORT -> {
            // With an atomic push, the other refs are NOT_ATTEMPTED/REJECTED because of one bad
            // ref.
            String reason =
                update.getMessage() == null ? update.getStatus().name() : update.getMessage();
            if (!"atomic push rejected".equalsIgnoreCase(reason)
                && update.getStatus() != RemoteRefUpdate.Status.NOT_ATTEMPTED) {
              retryable = false;
            }
            rejected.add(update.getRemoteName() + ": " + reason);
          }
        }
      }
      if (!rejected.isEmpty()) {
        return new PublishOutcome.Rejected(String.join("; ", rejected), retryable);
      }
      return new PublishOutcome.Committed(commits);
    } catch (IOException | java.net.URISyntaxException e) {
      throw new PublishException(
          "cannot push to " + destination.displayUrl() + ": " + SourceException.reason(e), e);
    }
  }

  private PushResult push(List<RemoteRefUpdate> updates, boolean atomic)
      throws IOException, java.net.URISyntaxException {
    try (Transport transport = Transport.open(local, new URIish(destination.url()))) {
      destination.configure(transport);
      transport.setPushAtomic(atomic);
      return transport.push(NullProgressMonitor.INSTANCE, updates);
    }
  }

  private List<RemoteRefUpdate> copies(List<RemoteRefUpdate> updates) throws IOException {
    List<RemoteRefUpdate> copies = new ArrayList<>();
    for (RemoteRefUpdate u : updates) {
      copies.add(new RemoteRefUpdate(u, u.getExpectedOldObjectId()));
    }
    return copies;
  }

  /** Moves our copy of the branch to what we pushed, so the next fetch has nothing to do. */
  private void remember(RemoteRefUpdate update) throws IOException {
    String branch = update.getRemoteName().substring(Constants.R_HEADS.length());
    RefUpdate ref = local.updateRef(BranchPublisher.LOCAL_REF + branch);
    ref.setNewObjectId(update.getNewObjectId());
    ref.setForceUpdate(true);
    ref.update();
  }
}
