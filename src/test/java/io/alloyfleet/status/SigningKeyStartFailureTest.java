package io.alloyfleet.status;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.alloyfleet.sync.ControllerSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A signing key that cannot be read stops the start with a clear reason: no unsigned commit. */
@QuarkusTest
@TestProfile(SigningKeyStartFailureTest.Unreadable.class)
class SigningKeyStartFailureTest {

  static Path key;

  public static class Unreadable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-no-key");
        key = dir.resolve("secret/signing.asc");
        return ControllerSettings.of(
            dir.resolve("origin.git").toUri().toString(),
            dir.resolve("data"),
            "alloy-fleet.publish.signing.format",
            "openpgp",
            "alloy-fleet.publish.signing.key",
            key.toString());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void readinessIsDownAndNamesTheKeyFile() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body(
            "checks[0].data.reason", containsString("cannot read the OpenPGP signing key " + key));
  }
}
