package io.alloyfleet.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commit statuses against the Git hosts' APIs (WireMock stands in for the third-party hosts). */
class GitHostReporterTest {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  WireMockServer host;

  @BeforeEach
  void start() {
    host = new WireMockServer(options().dynamicPort());
    host.start();
  }

  @AfterEach
  void stop() {
    host.stop();
  }

  GitHostReporter reporter(GitHostReporter.Host type, String repository) {
    return new GitHostReporter(type, URI.create(host.baseUrl()), repository, () -> "t0ken");
  }

  @Test
  void githubGetsAFailureStatusWithTheInvalidClusters() {
    host.stubFor(
        post(urlEqualTo("/repos/acme/fleet/statuses/" + SHA))
            .willReturn(aResponse().withStatus(201)));
    var result =
        reporter(GitHostReporter.Host.GITHUB, "acme/fleet")
            .report(
                new CommitStatus(
                    SHA, false, "1 of 6 cluster(s) invalid: payments-prod", "http://fleet/"));
    assertThat(result).isEqualTo(new GitHostReporter.Result.Posted(201));
    host.verify(
        postRequestedFor(urlEqualTo("/repos/acme/fleet/statuses/" + SHA))
            .withHeader("Authorization", equalTo("Bearer t0ken"))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"failure\",\"context\":\"alloy-fleet/render\",\"description\":\"1 of 6 cluster(s) invalid: payments-prod\",\"target_url\":\"http://fleet/\"}")));
  }

  @Test
  void gitlabGetsASuccessStatus() {
    host.stubFor(
        post(urlEqualTo("/projects/platform%2Ffleet/statuses/" + SHA))
            .willReturn(aResponse().withStatus(201)));
    var result =
        reporter(GitHostReporter.Host.GITLAB, "platform/fleet")
            .report(new CommitStatus(SHA, true, "6 cluster(s) rendered", null));
    assertThat(result).isInstanceOf(GitHostReporter.Result.Posted.class);
    host.verify(
        postRequestedFor(urlEqualTo("/projects/platform%2Ffleet/statuses/" + SHA))
            .withHeader("PRIVATE-TOKEN", equalTo("t0ken"))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"success\",\"name\":\"alloy-fleet/render\",\"description\":\"6 cluster(s) rendered\"}")));
  }

  @Test
  void azureDevOpsGetsAGitStatus() {
    String path =
        "/acme/platform/_apis/git/repositories/fleet-repo/commits/"
            + SHA
            + "/statuses?api-version=7.1";
    host.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(201)));
    var result =
        reporter(GitHostReporter.Host.AZURE, "acme/platform/fleet-repo")
            .report(new CommitStatus(SHA, true, "ok", null));
    assertThat(result).isInstanceOf(GitHostReporter.Result.Posted.class);
    host.verify(
        postRequestedFor(urlEqualTo(path))
            .withHeader(
                "Authorization",
                equalTo("Basic " + Base64.getEncoder().encodeToString(":t0ken".getBytes())))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"succeeded\",\"description\":\"ok\",\"context\":{\"name\":\"render\",\"genre\":\"alloy-fleet\"}}")));
  }

  @Test
  void aRefusalIsReportedWithTheHostsMessageAndNoToken() {
    host.stubFor(
        post(urlEqualTo("/repos/acme/fleet/statuses/" + SHA))
            .willReturn(
                aResponse().withStatus(403).withBody("{\"message\":\"Resource not accessible\"}")));
    var result =
        reporter(GitHostReporter.Host.GITHUB, "acme/fleet")
            .report(new CommitStatus(SHA, true, "ok", null));
    assertThat(result).isInstanceOf(GitHostReporter.Result.Refused.class);
    assertThat(result.toString())
        .contains("403")
        .contains("Resource not accessible")
        .doesNotContain("t0ken");
  }

  @Test
  void aHostThatIsDownIsReportedNotThrown() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    var reporter =
        new GitHostReporter(
            GitHostReporter.Host.GITHUB,
            URI.create("http://127.0.0.1:" + closed),
            "acme/fleet",
            () -> "t0ken");
    var result = reporter.report(new CommitStatus(SHA, true, "ok", null));
    assertThat(result).isInstanceOf(GitHostReporter.Result.Unreachable.class);
    assertThat(result.toString()).doesNotContain("t0ken");
  }

  @Test
  void aHaltedRolloutIsAFailingStatusOfItsEnvironmentOnItsTargetCommit() {
    host.stubFor(
        post(urlEqualTo("/repos/acme/fleet/statuses/" + SHA))
            .willReturn(aResponse().withStatus(201)));
    var halted =
        new io.alloyfleet.rollout.RolloutStatus(
            "production",
            io.alloyfleet.rollout.RolloutState.HALTED,
            SHA,
            "",
            new io.alloyfleet.rollout.RolloutStatus.WaveRef(0, "canary"),
            java.util.List.of(),
            "2026-11-30T10:00:00Z",
            "wave canary: 1 unhealthy cluster(s)",
            java.util.List.of(),
            3);
    CommitStatus status = Feedback.status(halted, "http://fleet/").orElseThrow();
    assertThat(reporter(GitHostReporter.Host.GITHUB, "acme/fleet").report(status))
        .isEqualTo(new GitHostReporter.Result.Posted(201));
    host.verify(
        postRequestedFor(urlEqualTo("/repos/acme/fleet/statuses/" + SHA))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"failure\",\"context\":\"alloy-fleet/rollout/production\",\"description\":\"halted at wave canary: wave canary: 1 unhealthy cluster(s)\",\"target_url\":\"http://fleet/\"}")));
    var progressing =
        new io.alloyfleet.rollout.RolloutStatus(
            "staging",
            io.alloyfleet.rollout.RolloutState.SOAKING,
            SHA,
            "",
            halted.wave(),
            java.util.List.of(),
            "",
            "",
            java.util.List.of(),
            0);
    assertThat(Feedback.status(progressing, null).orElseThrow().state())
        .isEqualTo(CommitStatus.State.PENDING);
    assertThat(
            Feedback.status(
                io.alloyfleet.rollout.RolloutStatus.idle("development", java.util.List.of()), null))
        .isEmpty();
  }

  @Test
  void gitlabFindsItsNoteByTheMarkerAndUpdatesIt() {
    String notes = "/projects/platform%2Ffleet/merge_requests/12/notes";
    host.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo(notes + "?per_page=100"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"id\": 3, \"body\": \"LGTM\"},"
                            + " {\"id\": 5, \"body\": \"<!-- marker -->\\nforged\", \"author\": {\"id\": 66}},"
                            + " {\"id\": 9, \"body\": \"<!-- marker -->\\nold\", \"author\": {\"id\": 42}}]")));
    host.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/user"))
            .willReturn(okJson("{\"id\": 42, \"username\": \"alloy-fleet-bot\"}")));
    host.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.put(urlEqualTo(notes + "/9"))
            .willReturn(aResponse().withStatus(200)));
    var result =
        reporter(GitHostReporter.Host.GITLAB, "platform/fleet")
            .comment(12, "<!-- marker -->", "<!-- marker -->\nnew");
    assertThat(result).isInstanceOf(GitHostReporter.Result.Posted.class);
    host.verify(
        com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlEqualTo(notes + "/9"))
            .withHeader("PRIVATE-TOKEN", equalTo("t0ken"))
            .withRequestBody(equalToJson("{\"body\":\"<!-- marker -->\\nnew\"}")));
  }

  @Test
  void azureDevOpsStartsAThreadWhenNoneHoldsTheMarker() {
    String threads = "/acme/platform/_apis/git/repositories/fleet-repo/pullRequests/5/threads";
    host.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(
                urlEqualTo(threads + "?api-version=7.1"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"value\": [{\"id\": 1, \"comments\": [{\"id\": 1, \"content\": \"nice\"}]},"
                            + " {\"id\": 2, \"comments\": [{\"id\": 1, \"content\":"
                            + " \"<!-- marker -->\\nforged\", \"author\": {\"id\": \"someone\"}}]}]}")));
    host.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(
                urlEqualTo("/acme/_apis/connectionData?api-version=7.1-preview"))
            .willReturn(okJson("{\"authenticatedUser\": {\"id\": \"fleet-bot-guid\"}}")));
    host.stubFor(
        post(urlEqualTo(threads + "?api-version=7.1")).willReturn(aResponse().withStatus(200)));
    var result =
        reporter(GitHostReporter.Host.AZURE, "acme/platform/fleet-repo")
            .comment(5, "<!-- marker -->", "<!-- marker -->\nreport");
    assertThat(result).isInstanceOf(GitHostReporter.Result.Posted.class);
    host.verify(
        postRequestedFor(urlEqualTo(threads + "?api-version=7.1"))
            .withRequestBody(
                equalToJson(
                    "{\"comments\":[{\"parentCommentId\":0,\"content\":\"<!-- marker -->\\nreport\",\"commentType\":1}],\"status\":\"active\"}")));
  }

  @Test
  void githubEditsOnlyItsOwnCommentAndAsksWhoItIsOnce() {
    String comments = "/repos/acme/fleet/issues/3/comments";
    host.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/user"))
            .willReturn(okJson("{\"login\": \"alloy-fleet[bot]\"}")));
    host.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo(comments + "?per_page=100"))
            .willReturn(
                okJson(
                    "[{\"id\": 4, \"body\": \"<!-- marker -->\\nvalid, trust me\","
                        + " \"user\": {\"login\": \"mallory\"}},"
                        + " {\"id\": 8, \"body\": \"<!-- marker -->\\nold\","
                        + " \"user\": {\"login\": \"alloy-fleet[bot]\"}}]")));
    host.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.patch(
                urlEqualTo("/repos/acme/fleet/issues/comments/8"))
            .willReturn(aResponse().withStatus(200)));
    GitHostReporter reporter = reporter(GitHostReporter.Host.GITHUB, "acme/fleet");

    assertThat(reporter.comment(3, "<!-- marker -->", "<!-- marker -->\nnew"))
        .isInstanceOf(GitHostReporter.Result.Posted.class);
    assertThat(reporter.comment(3, "<!-- marker -->", "<!-- marker -->\nnewer"))
        .isInstanceOf(GitHostReporter.Result.Posted.class);

    host.verify(
        2,
        com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
            urlEqualTo("/repos/acme/fleet/issues/comments/8")));
    host.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
            urlEqualTo("/repos/acme/fleet/issues/comments/4")));
    host.verify(
        1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/user")));
  }

  @Test
  void withoutKnowingItsOwnAccountNoCommentIsEdited() {
    host.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/user"))
            .willReturn(aResponse().withStatus(401)));
    var result =
        reporter(GitHostReporter.Host.GITHUB, "acme/fleet")
            .comment(3, "<!-- marker -->", "<!-- marker -->\nnew");
    assertThat(result).isInstanceOf(GitHostReporter.Result.Unreachable.class);
    host.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
  }
}
