package io.alloyfleet.status;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.alloyfleet.signing.TestKeys;
import io.alloyfleet.sync.ControllerSettings;
import io.alloyfleet.sync.FleetRepo;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A controller that signs its commits and verifies its source: status shows the signing key's
 * fingerprint (never the key), and an unsigned head is named with the reason, counted, and rendered
 * nothing.
 */
@QuarkusTest
@TestProfile(SigningStatusTest.Signing.class)
class SigningStatusTest {

  static TestKeys.SshKey controller;
  static String head;

  public static class Signing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-signing");
        try (FleetRepo origin = FleetRepo.seeded(dir, Path.of("gitops-example"))) {
          head = origin.tip("main").name().substring(0, 7);
        }
        controller = TestKeys.ssh(dir, "controller", "");
        TestKeys.SshKey developer = TestKeys.ssh(dir, "developer", "");
        Path allowed = developer.allowedSigners(dir.resolve("allowed_signers"), "*");
        return ControllerSettings.of(
            dir.resolve("origin.git").toUri().toString(),
            dir.resolve("data"),
            "alloy-fleet.publish.signing.format",
            "ssh",
            "alloy-fleet.publish.signing.key",
            controller.file().toString(),
            "alloy-fleet.source.verify.allowed-signers",
            allowed.toString());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void statusShowsTheSigningKeyAndWhyTheHeadWasNotRendered() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/status")
                    .then()
                    .statusCode(200)
                    .body("lastError", containsString("commit " + head + " is not signed")));
    given()
        .get("/api/status")
        .then()
        .body("signing.format", equalTo("ssh"))
        .body("signing.fingerprint", equalTo(controller.fingerprint()))
        .body("lastSync.error", containsString("verification: commit " + head))
        .body("environments", org.hamcrest.Matchers.empty())
        .body(not(containsString("PRIVATE KEY")));
    given()
        .get("/")
        .then()
        .statusCode(200)
        .body(containsString(controller.fingerprint()))
        .body(containsString("is not signed"));
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("alloy_fleet_source_commits_refused_total 1.0"));
    given().get("/q/health/ready").then().statusCode(200);
  }
}
