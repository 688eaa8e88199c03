package io.alloyfleet.feedback;

import io.alloyfleet.preview.Preview;
import java.time.Instant;
import java.util.List;

/**
 * The last preview of a pull request, as {@code GET /api/previews/{number}} shows it; {@code error}
 * says why there is none (too large, not fetchable).
 */
public record PullRequestPreview(
    long number,
    String head,
    String base,
    Instant time,
    Preview.Summary summary,
    List<Preview.Cluster> clusters,
    List<Preview.Rollout> rollouts,
    String error) {

  /** Without the clusters' diffs and problems: the list of previews. */
  public PullRequestPreview summarized() {
    return new PullRequestPreview(number, head, base, time, summary, List.of(), List.of(), error);
  }
}
