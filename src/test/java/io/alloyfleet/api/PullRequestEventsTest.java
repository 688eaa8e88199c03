package io.alloyfleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.feedback.PullRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each host's pull-request delivery → the pull request to preview, or why not. */
class PullRequestEventsTest {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void gitlabMergeRequestsArePreviewedByTheirHeadRef() {
    var event =
        PullRequestEvents.gitlab(
            "Merge Request Hook",
            bytes(
                "{\"object_attributes\": {\"iid\": 12, \"action\": \"update\", \"target_branch\": \"main\", \"last_commit\": {\"id\": \""
                    + SHA
                    + "\"}}}"));
    assertThat(event)
        .isEqualTo(
            new PullRequestEvents.Event.Preview(
                new PullRequest(12, SHA, "main", "refs/merge-requests/12/head")));
    assertThat(
            PullRequestEvents.gitlab(
                "Merge Request Hook", bytes("{\"object_attributes\": {\"action\": \"merge\"}}")))
        .isInstanceOf(PullRequestEvents.Event.Ignored.class);
    assertThat(PullRequestEvents.gitlab("Push Hook", bytes("{}")))
        .isInstanceOf(PullRequestEvents.Event.Other.class);
  }

  @Test
  void azureDevOpsPullRequestsArePreviewedByTheirMergeRef() {
    var event =
        PullRequestEvents.azure(
            bytes(
                "{\"eventType\": \"git.pullrequest.updated\", \"resource\": {\"pullRequestId\": 5, \"status\": \"active\", \"targetRefName\": \"refs/heads/main\", \"lastMergeSourceCommit\": {\"commitId\": \""
                    + SHA
                    + "\"}}}"));
    assertThat(event)
        .isEqualTo(
            new PullRequestEvents.Event.Preview(
                new PullRequest(5, SHA, "main", "refs/pull/5/merge")));
    assertThat(
            PullRequestEvents.azure(
                bytes(
                    "{\"eventType\": \"git.pullrequest.updated\", \"resource\": {\"status\": \"completed\"}}")))
        .isInstanceOf(PullRequestEvents.Event.Ignored.class);
    assertThat(PullRequestEvents.azure(bytes("{\"ref\": \"refs/heads/main\"}")))
        .isInstanceOf(PullRequestEvents.Event.Other.class);
  }

  @Test
  void aDeliveryWithoutAHeadCommitIsIgnoredNotGuessed() {
    assertThat(
            PullRequestEvents.github(
                "pull_request",
                bytes(
                    "{\"action\": \"opened\", \"number\": 1, \"pull_request\": {\"head\": {\"sha\": \"../../etc\"}, \"base\": {\"ref\": \"main\"}}}")))
        .isInstanceOf(PullRequestEvents.Event.Ignored.class);
    assertThat(PullRequestEvents.github("pull_request", bytes("not json")))
        .isInstanceOf(PullRequestEvents.Event.Ignored.class);
  }
}
