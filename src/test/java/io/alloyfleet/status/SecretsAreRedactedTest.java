package io.alloyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;

/**
 * A literal {@code auth.token} a team committed is never shown back: the values API (that the
 * status page links to, unauthenticated) and status show {@code <redacted>} and where it was set.
 * Once, {@code GET /api/clusters/{id}/values} returned the token as written.
 */
@QuarkusTest
@TestProfile(SecretsAreRedactedTest.Leaked.class)
class SecretsAreRedactedTest {

  static final String TOKEN = "hunter2-leaked-token";

  public static class Leaked implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-secrets");
        FleetRepo origin = FleetRepo.seeded(dir, Path.of("gitops-example")).withoutRollout();
        origin.write(
            "clusters/dev-sandbox/cluster.yaml",
            Files.readString(origin.work.resolve("clusters/dev-sandbox/cluster.yaml"))
                + "auth:\n  enabled: true\n  token: "
                + TOKEN
                + "\n");
        origin.commit("dev-sandbox commits a literal token");
        return io.alloyfleet.sync.ControllerSettings.of(origin.url(), dir.resolve("data"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Inject SyncLoop loop;

  @Test
  void theValuesApiAndStatusShowWhereTheTokenWasSetNeverItsValue() {
    await().atMost(Duration.ofSeconds(30)).until(() -> loop.lastRender().isPresent());
    String values =
        given().get("/api/clusters/dev-sandbox/values").then().statusCode(200).extract().asString();
    assertThat(values)
        .doesNotContain(TOKEN)
        .contains("\"auth.token\":{\"file\":\"clusters/dev-sandbox/cluster.yaml\"")
        .contains("\"value\":\"<redacted>\"")
        .contains("\"token\":\"<redacted>\"");
    assertThat(given().get("/api/status").asString()).doesNotContain(TOKEN);
    assertThat(given().get("/api/clusters/dev-sandbox").asString())
        .doesNotContain(TOKEN)
        .contains("auth.token");
    assertThat(given().get("/").asString()).doesNotContain(TOKEN);
  }
}
