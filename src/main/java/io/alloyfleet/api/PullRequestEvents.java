package io.alloyfleet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.feedback.PullRequest;
import java.io.IOException;
import java.util.Set;

/**
 * Pull-request webhooks → the pull request to preview: GitHub {@code pull_request} (opened,
 * synchronize, reopened), GitLab {@code Merge Request Hook} (open, update, reopen), Azure DevOps
 * {@code git.pullrequest.created} and {@code .updated} (active ones). Anything else about a pull
 * request (closed, labelled, merged) is ignored with the reason.
 */
final class PullRequestEvents {

  /** What a delivery asks for. */
  sealed interface Event {
    /** Not about a pull request: a push, a ping; a sync as ever. */
    record Other() implements Event {}

    record Preview(PullRequest pullRequest) implements Event {}

    record Ignored(String reason) implements Event {}
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> GITHUB = Set.of("opened", "synchronize", "reopened");
  private static final Set<String> GITLAB = Set.of("open", "update", "reopen");
  private static final Set<String> AZURE =
      Set.of("git.pullrequest.created", "git.pullrequest.updated");

  private PullRequestEvents() {}

  static Event github(String event, byte[] body) {
    if (!"pull_request".equals(event)) {
      return new Event.Other();
    }
    JsonNode json = read(body);
    String action = json.path("action").asText();
    if (!GITHUB.contains(action)) {
      return new Event.Ignored("pull_request action " + action + " is not previewed");
    }
    long number = json.path("number").asLong();
    JsonNode pr = json.path("pull_request");
    return preview(
        number,
        pr.path("head").path("sha").asText(),
        pr.path("base").path("ref").asText(),
        "refs/pull/" + number + "/head");
  }

  static Event gitlab(String event, byte[] body) {
    if (!"Merge Request Hook".equals(event)) {
      return new Event.Other();
    }
    JsonNode attributes = read(body).path("object_attributes");
    String action = attributes.path("action").asText();
    if (!GITLAB.contains(action)) {
      return new Event.Ignored("merge request action " + action + " is not previewed");
    }
    long iid = attributes.path("iid").asLong();
    return preview(
        iid,
        attributes.path("last_commit").path("id").asText(),
        attributes.path("target_branch").asText(),
        "refs/merge-requests/" + iid + "/head");
  }

  /** Azure DevOps service hooks arrive at the generic endpoint. */
  static Event azure(byte[] body) {
    JsonNode json = read(body);
    String type = json.path("eventType").asText();
    if (!type.startsWith("git.pullrequest.")) {
      return new Event.Other();
    }
    JsonNode pr = json.path("resource");
    if (!AZURE.contains(type) || !"active".equals(pr.path("status").asText())) {
      return new Event.Ignored(type + " (" + pr.path("status").asText() + ") is not previewed");
    }
    long id = pr.path("pullRequestId").asLong();
    return preview(
        id,
        pr.path("lastMergeSourceCommit").path("commitId").asText(),
        pr.path("targetRefName").asText().replaceFirst("^refs/heads/", ""),
        "refs/pull/" + id + "/merge");
  }

  private static Event preview(long number, String head, String target, String ref) {
    if (number <= 0 || !head.matches("[0-9a-f]{40}") || target.isEmpty()) {
      return new Event.Ignored("the pull request's number, head commit or target is missing");
    }
    return new Event.Preview(new PullRequest(number, head, target, ref));
  }

  private static JsonNode read(byte[] body) {
    try {
      return body == null ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
