package io.alloyfleet.feedback;

/** A render result for one source commit, as a Git host's commit status shows it. */
public record CommitStatus(String sha, boolean success, String description, String targetUrl) {

  public static final String CONTEXT = "alloy-fleet/render";
}
