package io.alloyfleet.feedback;

/**
 * A status of one source commit, as a Git host shows it: the render's ({@code alloy-fleet/render})
 * or an environment's rollout ({@code alloy-fleet/rollout/<environment>}).
 */
public record CommitStatus(
    String sha, State state, String context, String description, String targetUrl) {

  public static final String CONTEXT = "alloy-fleet/render";

  /** Pending, success or failure: each host has its own words for them. */
  public enum State {
    PENDING,
    SUCCESS,
    FAILURE
  }

  /** The render's status of a commit. */
  public CommitStatus(String sha, boolean success, String description, String targetUrl) {
    this(sha, success ? State.SUCCESS : State.FAILURE, CONTEXT, description, targetUrl);
  }

  /** The status of the rollout of a commit through an environment. */
  public static CommitStatus rollout(
      String sha, String environment, State state, String description, String targetUrl) {
    return new CommitStatus(
        sha, state, "alloy-fleet/rollout/" + environment, description, targetUrl);
  }
}
