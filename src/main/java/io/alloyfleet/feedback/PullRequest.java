package io.alloyfleet.feedback;

/**
 * A pull (merge) request to preview, as its webhook says: its number, the commit to report on, the
 * branch it targets, and the ref of the source it is fetched by ({@code refs/pull/<n>/head} on
 * GitHub, {@code refs/merge-requests/<iid>/head} on GitLab, {@code refs/pull/<id>/merge} on Azure
 * DevOps).
 */
public record PullRequest(long number, String headCommit, String targetBranch, String ref) {}
