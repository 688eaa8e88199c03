package io.alloyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.alloyfleet.sync.FleetRepo;
import io.alloyfleet.sync.SyncLoop;
import io.alloyfleet.sync.SyncOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The source is down when the service starts: it starts anyway, says why, and recovers. */
@QuarkusTest
@TestProfile(SourceDownAtStartTest.Down.class)
class SourceDownAtStartTest {

  static Path dir;

  public static class Down implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        dir = Files.createTempDirectory("alloy-fleet-down");
        return io.alloyfleet.sync.ControllerSettings.of(
            dir.resolve("later/origin.git").toUri().toString(), dir.resolve("data"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Inject SyncLoop loop;

  @Test
  void theServiceStartsReportsTheOutageAndRecovers() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> loop.lastSync().isPresent() && !loop.busy());
    given()
        .get("/api/status")
        .then()
        .statusCode(200)
        .body("lastSync.result", equalTo("failed"))
        .body("lastError", containsString("cannot read branch main"));
    given().get("/q/health/ready").then().statusCode(503);
    given().get("/q/health/live").then().statusCode(200);

    Files.createDirectories(dir.resolve("later"));
    try (FleetRepo origin = FleetRepo.seeded(dir.resolve("later"), Path.of("gitops-example"))) {
      // No request: the retry backoff (the poll interval is an hour) finds the source again.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  loop.lastSync()
                      .map(s -> s.outcome() instanceof SyncOutcome.Synced)
                      .orElse(false));
      assertThat(origin.tip("rendered/production")).isNotNull();
      given().get("/q/health/ready").then().statusCode(200);
      given()
          .get("/api/status")
          .then()
          .body("lastError", equalTo(null))
          .body("clusterStates.ok", equalTo(6));

      // The data directory wiped under a running service: the next syncs clone again.
      try (var walk = Files.walk(dir.resolve("data"))) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      origin.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 65s");
      origin.commit("After the wipe");
      loop.request(io.alloyfleet.sync.SyncTrigger.API);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  origin
                      .files("rendered/production")
                      .getOrDefault("edge-small/config.alloy", "")
                      .contains("\"65s\""));
      assertThat(Files.isDirectory(dir.resolve("data/cache.git/objects"))).isTrue();
    }
  }
}
