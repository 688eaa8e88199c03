package io.alloyfleet.status;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.alloyfleet.sync.ControllerSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replica whose controller cannot start is not ready, and says why (it once reported itself a
 * ready follower).
 */
@QuarkusTest
@TestProfile(StartFailureTest.Unstartable.class)
class StartFailureTest {

  public static class Unstartable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-unstartable");
        // The data directory is a regular file: the local cache cannot be created.
        Path notADirectory = Files.writeString(dir.resolve("data"), "a file, not a directory\n");
        return ControllerSettings.of(
            dir.resolve("origin.git").toUri().toString(), notADirectory.resolve("inside"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void readinessIsDownWithTheReason() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("checks[0].status", equalTo("DOWN"))
        .body("checks[0].data.reason", containsString("the controller could not start"));
    given().get("/q/health/live").then().statusCode(200);
  }
}
