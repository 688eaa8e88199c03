package io.alloyfleet.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alloyfleet.sync.FleetRepo;
import io.alloyfleet.sync.SyncLoop;
import io.alloyfleet.sync.SyncOutcome;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks and the manual trigger against a running controller on a real (file://) fleet repo. */
@QuarkusTest
@TestProfile(SyncResourceTest.Controller.class)
public class SyncResourceTest {

  static final String SECRET = "webhook-secret";
  static final String TOKEN = "api-token";
  public static FleetRepo origin;

  public static class Controller implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-controller");
        origin = FleetRepo.seeded(dir, Path.of("gitops-example"));
        Path secret = Files.writeString(dir.resolve("webhook-secret"), SECRET + "\n");
        Path token = Files.writeString(dir.resolve("api-token"), TOKEN);
        return io.alloyfleet.sync.ControllerSettings.of(
            origin.url(),
            dir.resolve("data"),
            "alloy-fleet.webhook.secret-file",
            secret.toString(),
            "alloy-fleet.api.token-file",
            token.toString());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Inject SyncLoop loop;

  @BeforeEach
  void firstSyncDone() {
    await().atMost(Duration.ofSeconds(30)).until(() -> loop.lastSync().isPresent() && !loop.busy());
    assertThat(loop.lastSync().orElseThrow().outcome()).isNotInstanceOf(SyncOutcome.Failed.class);
  }

  static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rolloutActionsNeedTheTokenAndAKnownAction() {
    given().post("/api/rollouts/production/pause").then().statusCode(401);
    given()
        .header("Authorization", "Bearer " + TOKEN)
        .post("/api/rollouts/production/explode")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .header("Authorization", "Bearer " + TOKEN)
        .post("/api/rollouts/production/resume")
        .then()
        .statusCode(202)
        .body("environment", org.hamcrest.Matchers.equalTo("production"))
        .body("action", org.hamcrest.Matchers.equalTo("resume"));
  }

  @Test
  void aSignedGithubPushTriggersASyncAndABadSignatureDoesNot() throws Exception {
    ObjectId before = origin.tip("rendered/production");
    var lastBefore = loop.lastSync().orElseThrow();
    origin.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 75s");
    origin.commit("Slow edge a little");
    String body = "{\"ref\":\"refs/heads/main\"}";

    given().body(body).post("/api/webhooks/github").then().statusCode(401);
    given()
        .header("X-Hub-Signature-256", sign(body + " "))
        .body(body)
        .post("/api/webhooks/github")
        .then()
        .statusCode(401);
    assertThat(loop.lastSync()).contains(lastBefore);
    assertThat(origin.tip("rendered/production")).isEqualTo(before);

    given()
        .header("X-Hub-Signature-256", sign(body))
        .body(body)
        .post("/api/webhooks/github")
        .then()
        .statusCode(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !before.equals(origin.tip("rendered/production")));
    assertThat(origin.files("rendered/production").get("edge-small/config.alloy"))
        .contains("\"75s\"");
  }

  @Test
  void gitlabAndGenericWebhooksCheckTheirSecrets() throws Exception {
    given().header("X-Gitlab-Token", "wrong").post("/api/webhooks/gitlab").then().statusCode(401);
    given().header("X-Gitlab-Token", SECRET).post("/api/webhooks/gitlab").then().statusCode(202);
    String body = "{}";
    given()
        .header("X-Alloy-Fleet-Signature", "sha256=00")
        .body(body)
        .post("/api/webhooks/generic")
        .then()
        .statusCode(401);
    given()
        .header("X-Alloy-Fleet-Signature", sign(body))
        .body(body)
        .post("/api/webhooks/generic")
        .then()
        .statusCode(202);
  }

  @Test
  void aSignatureReplayedWithAnotherBodyIsRefused() throws Exception {
    String body = "{\"ref\":\"refs/heads/main\"}";
    given()
        .header("X-Hub-Signature-256", sign(body))
        .body("{\"ref\":\"refs/heads/evil\"}")
        .post("/api/webhooks/github")
        .then()
        .statusCode(401);
    given()
        .header("X-Alloy-Fleet-Signature", sign(body))
        .body(body + " ")
        .post("/api/webhooks/generic")
        .then()
        .statusCode(401);
  }

  @TestHTTPResource("/api/webhooks/github")
  java.net.URI github;

  @Test
  void anOversizeWebhookBodyIsRefusedBeforeItIsRead() throws Exception {
    // Expect: 100-continue lets the server refuse on the declared length alone; streaming the
    // body instead races the server closing the connection (a broken pipe, not a status).
    byte[] huge = new byte[2 * 1024 * 1024];
    try (java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build()) {
      var request =
          java.net.http.HttpRequest.newBuilder(github)
              .expectContinue(true)
              .header("X-Hub-Signature-256", "sha256=00")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(huge))
              .build();
      assertThat(
              client
                  .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(413);
    }
  }

  @Test
  void noResponseAndNoLogLineCarriesASecret() throws Exception {
    for (String path :
        new String[] {
          "/",
          "/api/status",
          "/api/clusters",
          "/api/clusters/edge-small",
          "/q/metrics",
          "/q/openapi",
          "/q/health"
        }) {
      String response = given().get(path).then().extract().asString();
      assertThat(response).as(path).doesNotContain(SECRET).doesNotContain(TOKEN);
    }
    java.nio.file.Path log = java.nio.file.Path.of("target/quarkus-test.log");
    assertThat(log).exists();
    assertThat(java.nio.file.Files.readString(log)).doesNotContain(SECRET).doesNotContain(TOKEN);
  }

  @Test
  void manualSyncNeedsTheBearerToken() {
    given().post("/api/sync").then().statusCode(401);
    given()
        .header("Authorization", "Bearer nope")
        .post("/api/sync")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given().header("Authorization", "Bearer " + TOKEN).post("/api/sync").then().statusCode(202);
  }
}
