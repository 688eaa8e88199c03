package io.alloyfleet.preview;

import java.util.List;

/**
 * What a change of the fleet repo (a pull request's head against its merge base) renders: each
 * cluster whose inputs differ, its rendered diff and its problems, and the rollout waves a change
 * of the shared layers would go through. The JSON of {@code preview --format json} and {@code GET
 * /api/previews/{number}}.
 */
public record Preview(
    String base, String head, Summary summary, List<Cluster> clusters, List<Rollout> rollouts) {

  public Preview {
    clusters = List.copyOf(clusters);
    rollouts = List.copyOf(rollouts);
  }

  /** Clusters whose render changes, of those invalid, and the clusters left as they are. */
  public record Summary(int changed, int invalid, int unchanged) {}

  /** {@code change}: {@code added}, {@code changed}, {@code removed} or {@code invalid}. */
  public record Cluster(
      String id,
      String environment,
      String change,
      int linesAdded,
      int linesRemoved,
      String diff,
      List<Problem> problems) {
    public Cluster {
      problems = List.copyOf(problems);
    }
  }

  public record Problem(String file, int line, int column, String path, String message) {}

  /**
   * An environment whose shared layers change: the waves its clusters would take it in, and by
   * cluster the query its Prometheus gate would run (none without that gate).
   */
  public record Rollout(
      String environment, List<Wave> waves, java.util.SortedMap<String, String> gates) {}

  public record Wave(String name, List<String> clusters) {}

  public boolean allValid() {
    return summary.invalid() == 0;
  }
}
