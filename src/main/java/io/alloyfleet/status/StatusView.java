package io.alloyfleet.status;

import io.alloyfleet.sync.ClusterState;
import io.alloyfleet.sync.SyncResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the status API. Field names are an interface scripts rely on: add freely,
 * rename never.
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
      String lastError,
      List<Problem> warnings,
      Signing signing) {}

  /**
   * The key rendered commits are signed with ({@code ssh}: {@code SHA256:…}; {@code openpgp}: the
   * signing key's fingerprint), for Argo CD or an allowed-signers file; null when unsigned.
   */
  public record Signing(String format, String fingerprint) {}

  public record Source(String url, String branch, String path) {}

  public record LastSync(
      Instant time, io.alloyfleet.sync.SyncTrigger trigger, SyncResult result, String error) {}

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
      Argo argo,
      Map<String, String> labels,
      io.alloyfleet.rollout.RolloutStatus.ClusterRollout rollout) {

    /** A cluster with no render on its branch (invalid, or not yet published). */
    public static Cluster unrendered(
        String id, String environment, ClusterState state, List<Problem> problems) {
      return new Cluster(
          id, environment, state, problems, null, null, null, null, null, Map.of(), null);
    }

    /** The same cluster with its labels and its place in its environment's rollout. */
    public Cluster with(
        Map<String, String> labels, io.alloyfleet.rollout.RolloutStatus.ClusterRollout rollout) {
      return new Cluster(
          id,
          environment,
          state,
          problems,
          configHash,
          lastGoodSourceCommit,
          renderedCommit,
          renderedAt,
          argo,
          labels,
          rollout);
    }

    /**
     * A cluster whose last good render is on its branch, with what Argo CD says of it when
     * connected.
     */
    public static Cluster rendered(
        String id,
        String environment,
        ClusterState state,
        List<Problem> problems,
        LastGoodRender render,
        Optional<Argo> argo) {
      return new Cluster(
          id,
          environment,
          state,
          problems,
          render.configHash(),
          render.sourceCommit(),
          render.renderedCommit(),
          render.renderedAt(),
          argo.orElse(null),
          Map.of(),
          null);
    }
  }

  /**
   * The render of a cluster that is on its branch: the config it runs, from which source commit,
   * committed where and when.
   */
  public record LastGoodRender(
      String configHash, String sourceCommit, String renderedCommit, String renderedAt) {}

  public record Problem(
      String file, int line, int column, String path, String message, String hint) {

    static Problem of(io.alloyfleet.diagnostics.Problem p) {
      return new Problem(
          p.file(),
          p.location().line(),
          p.location().column(),
          p.path(),
          p.message(),
          p.hint().orElse(null));
    }
  }

  /** Argo CD's view of the cluster's Application, when connected. */
  public record Argo(String sync, String revision, String health) {}
}
