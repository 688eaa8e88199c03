package io.alloyfleet.status;

import io.alloyfleet.sync.ClusterState;
import io.alloyfleet.sync.SyncResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the status API. Field names are an interface scripts rely on: add
 * freely, rename never.
 */
public final class StatusView {

  private StatusView() {}

  public record Fleet(
      boolean leader,
      String role,
      Source source,
      String sourceCommit,
      String lastRenderedSourceCommit,
      LastSync lastSync,
      List<Environment> environments,
      Map<String, Long> clusterStates,
      String lastError) {}

  public record Source(String url, String branch, String path) {}

  public record LastSync(Instant time, String trigger, SyncResult result, String error) {}

  public record Environment(String name, String branch, String renderedCommit) {}

  public record Cluster(
      String id,
      String environment,
      ClusterState state,
      List<Problem> problems,
      String configHash,
      String lastGoodSourceCommit,
      String renderedCommit,
      String renderedAt,
      Argo argo) {}

  public record Problem(String file, int line, int column, String path, String message, String hint) {}

  /** Argo CD's view of the cluster's Application, when connected. */
  public record Argo(String sync, String revision, String health) {}
}
