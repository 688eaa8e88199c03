package io.alloyfleet.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.alloyfleet.sync.FleetRepo;
import io.alloyfleet.sync.SyncLoop;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pull-request previews end to end: a real fleet repo with pull-request refs, GitHub's webhooks
 * signed as GitHub signs them, and GitHub's API on WireMock (a third-party API).
 */
@QuarkusTest
@TestProfile(PreviewWebhookTest.GitHub.class)
class PreviewWebhookTest {

  static FleetRepo origin;
  static WireMockServer github;

  public static class GitHub implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        github = new WireMockServer(options().dynamicPort());
        github.start();
        Path dir = Files.createTempDirectory("alloy-fleet-previews");
        origin = FleetRepo.seeded(dir, Path.of("gitops-example"));
        Path secret = Files.writeString(dir.resolve("webhook-secret"), SyncResourceTest.SECRET);
        Path token = Files.writeString(dir.resolve("github-token"), "gh-t0ken");
        return io.alloyfleet.sync.ControllerSettings.of(
            origin.url(),
            dir.resolve("data"),
            "alloy-fleet.webhook.secret-file",
            secret.toString(),
            "alloy-fleet.git-host.type",
            "github",
            "alloy-fleet.git-host.api-url",
            github.baseUrl(),
            "alloy-fleet.git-host.repository",
            "acme/fleet",
            "alloy-fleet.git-host.token-file",
            token.toString(),
            "alloy-fleet.git-host.status-url",
            "https://fleet.example.com",
            "alloy-fleet.preview.max-clusters",
            "2");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Inject SyncLoop loop;
  @Inject io.alloyfleet.feedback.Previews previews;

  /** The webhooks answered without a preview, as /q/metrics counts them. */
  static double ignoredWebhooks() {
    java.util.regex.Matcher count =
        java.util.regex.Pattern.compile(
                "alloy_fleet_webhook_deliveries_total\\{[^}]*result=\"ignored\"[^}]*source=\"github\"[^}]*} ([0-9.]+)")
            .matcher(given().get("/q/metrics").asString());
    return count.find() ? Double.parseDouble(count.group(1)) : 0;
  }

  @BeforeEach
  void reset() {
    await().atMost(Duration.ofSeconds(30)).until(() -> loop.lastSync().isPresent() && !loop.busy());
    github.resetAll();
  }

  static void githubAccepts(String existingComments) {
    github.stubFor(
        get(urlEqualTo("/user"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"login\": \"alloy-fleet[bot]\"}")));
    github.stubFor(
        post(urlPathMatching("/repos/acme/fleet/statuses/.*"))
            .willReturn(aResponse().withStatus(201)));
    github.stubFor(
        get(urlPathMatching("/repos/acme/fleet/issues/[0-9]+/comments"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(existingComments)));
    github.stubFor(
        post(urlPathMatching("/repos/acme/fleet/issues/[0-9]+/comments"))
            .willReturn(aResponse().withStatus(201).withBody("{\"id\": 7}")));
    github.stubFor(
        patch(urlPathMatching("/repos/acme/fleet/issues/comments/[0-9]+"))
            .willReturn(aResponse().withStatus(200)));
  }

  static com.github.tomakehurst.wiremock.matching.UrlPathPattern urlPathMatching(String regex) {
    return com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(regex);
  }

  /** GitHub's pull_request delivery for a pull request's head. */
  static io.restassured.response.ValidatableResponse deliver(
      String action, long number, ObjectId head) throws Exception {
    String body =
        """
        {"action": "ACTION", "number": NUMBER,
         "pull_request": {"head": {"sha": "HEAD"}, "base": {"ref": "main"}, "state": "open"}}
        """
            .replace("ACTION", action)
            .replace("NUMBER", String.valueOf(number))
            .replace("HEAD", head.name());
    return given()
        .header("X-GitHub-Event", "pull_request")
        .header("X-Hub-Signature-256", SyncResourceTest.sign(body))
        .body(body)
        .post("/api/webhooks/github")
        .then()
        .statusCode(202);
  }

  @Test
  void aFirstPushCommentsOnceAndASecondPushUpdatesTheSameComment() throws Exception {
    githubAccepts("[]");
    origin.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 90s");
    ObjectId first = origin.propose("refs/pull/1/head", "Scrape edge-small less often");
    var refsBefore = origin.refs();
    deliver("opened", 1, first).body("preview", equalTo("queued"));
    eventually(
        () ->
            github.verify(
                postRequestedFor(urlEqualTo("/repos/acme/fleet/statuses/" + first.name()))
                    .withRequestBody(matchingJsonPath("$.state", equalToJson("success")))
                    .withRequestBody(
                        matchingJsonPath("$.context", equalToJson("alloy-fleet/preview")))
                    .withRequestBody(
                        matchingJsonPath("$.description", equalToJson("1 cluster changes")))));
    eventually(
        () ->
            github.verify(
                1,
                postRequestedFor(urlEqualTo("/repos/acme/fleet/issues/1/comments"))
                    .withRequestBody(containing("<!-- alloy-fleet-preview -->"))
                    .withRequestBody(containing("edge-small"))
                    .withRequestBody(containing("scrape_interval"))));
    given()
        .get("/api/previews/1")
        .then()
        .statusCode(200)
        .body("head", equalTo(first.name()))
        .body("summary.changed", equalTo(1))
        .body("clusters[0].id", equalTo("edge-small"))
        .body("clusters[0].change", equalTo("changed"));
    assertThat(origin.refs()).as("a preview writes no branch").isEqualTo(refsBefore);
    String production = origin.files("rendered/production").get("edge-small/config.alloy");
    assertThat(production).contains("\"60s\"").doesNotContain("\"90s\"");

    github.resetRequests();
    githubAccepts(
        "[{\"id\": 6, \"body\": \"<!-- alloy-fleet-preview -->\\nforged\","
            + " \"user\": {\"login\": \"mallory\"}},"
            + " {\"id\": 7, \"body\": \"<!-- alloy-fleet-preview -->\\nold\","
            + " \"user\": {\"login\": \"alloy-fleet[bot]\"}}]");
    origin.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 120s");
    ObjectId second = origin.propose("refs/pull/1/head", "Scrape edge-small even less often");
    deliver("synchronize", 1, second);
    eventually(
        () ->
            github.verify(
                patchRequestedFor(urlEqualTo("/repos/acme/fleet/issues/comments/7"))
                    .withRequestBody(containing("120s"))));
    github.verify(0, postRequestedFor(urlEqualTo("/repos/acme/fleet/issues/1/comments")));
  }

  @Test
  void anInvalidClusterFailsTheStatusWithItsFileAndLine() throws Exception {
    githubAccepts("[]");
    origin.edit("clusters/payments-prod/cluster.yaml", "scope: namespace", "scope: namespaces");
    ObjectId head = origin.propose("refs/pull/2/head", "Break payments-prod");
    deliver("opened", 2, head);
    eventually(
        () ->
            github.verify(
                postRequestedFor(urlEqualTo("/repos/acme/fleet/statuses/" + head.name()))
                    .withRequestBody(matchingJsonPath("$.state", equalToJson("failure")))
                    .withRequestBody(
                        matchingJsonPath(
                            "$.description", equalToJson("1 cluster changes, 1 invalid")))));
    eventually(
        () ->
            github.verify(
                postRequestedFor(urlEqualTo("/repos/acme/fleet/issues/2/comments"))
                    .withRequestBody(containing("clusters/payments-prod/cluster.yaml:15:"))));
  }

  @Test
  void aPullRequestOverTheLimitsIsRefusedWithAClearStatus() throws Exception {
    githubAccepts("[]");
    for (String cluster : new String[] {"edge-small", "ingest-prod", "platform-prod"}) {
      origin.write("clusters/" + cluster + "/extra.alloy", "// more\n");
    }
    ObjectId head = origin.propose("refs/pull/3/head", "Touch three clusters");
    deliver("opened", 3, head);
    eventually(
        () ->
            github.verify(
                postRequestedFor(urlEqualTo("/repos/acme/fleet/statuses/" + head.name()))
                    .withRequestBody(matchingJsonPath("$.state", equalToJson("failure")))
                    .withRequestBody(containing("too large"))
                    .withRequestBody(containing("touches 3 clusters"))));
    given()
        .get("/api/previews/3")
        .then()
        .statusCode(200)
        .body("error", org.hamcrest.Matchers.containsString("at most 2"));
  }

  @Test
  void aClosedPullRequestIsIgnored() throws Exception {
    githubAccepts("[]");
    double ignored = ignoredWebhooks();
    deliver("closed", 4, ObjectId.zeroId()).body("preview", equalTo("ignored"));
    await().atMost(Duration.ofSeconds(10)).until(() -> ignoredWebhooks() == ignored + 1);
    assertThat(previews.of(4)).as("no preview ran").isEmpty();
    assertThat(github.getAllServeEvents())
        .as("no preview status and no comment")
        .noneMatch(e -> e.getRequest().getUrl().contains("/issues/"))
        .noneMatch(e -> e.getRequest().getBodyAsString().contains("alloy-fleet/preview"));
    given().get("/api/previews/4").then().statusCode(404);
  }

  /** Waits for what the preview thread posts. */
  static void eventually(org.awaitility.core.ThrowingRunnable assertion) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(assertion);
  }

  static com.github.tomakehurst.wiremock.matching.StringValuePattern equalToJson(String value) {
    return com.github.tomakehurst.wiremock.client.WireMock.equalTo(value);
  }
}
