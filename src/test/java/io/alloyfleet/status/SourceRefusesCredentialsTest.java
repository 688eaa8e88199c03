package io.alloyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.alloyfleet.sync.ControllerSettings;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.junit.http.AppServer;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Git host refuses the controller's credentials (HTTP 401): status and health say so at once,
 * and the failing syncs do not pile up retries on the host (it once grew from 34 to 106 requests
 * per 10 s within two minutes).
 */
@QuarkusTest
@TestProfile(SourceRefusesCredentialsTest.Refused.class)
class SourceRefusesCredentialsTest {

  static AppServer server;
  static Repository served;

  public static class Refused implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-401");
        FleetRepo.seeded(dir, Path.of("gitops-example")).close();
        served = Git.open(dir.resolve("origin.git").toFile()).getRepository();
        server = new AppServer();
        ServletContextHandler app = server.addContext("/git");
        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver(
            (request, name) -> {
              served.incrementOpen();
              return served;
            });
        app.addServlet(new ServletHolder(servlet), "/*");
        server.authBasic(app);
        server.setUp();
        String url = "http://localhost:" + server.getPort() + "/git/fleet.git";
        return ControllerSettings.of(
            url,
            dir.resolve("data"),
            "alloy-fleet.source.username",
            AppServer.username,
            "alloy-fleet.source.password",
            "hunter2-wrong",
            "alloy-fleet.poll-interval",
            "2s");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.tearDown();
    served.close();
  }

  @Inject SyncLoop loop;

  @Test
  void refusedCredentialsAreReportedAndRetriesStayBounded() throws InterruptedException {
    await().atMost(Duration.ofSeconds(30)).until(() -> loop.lastSync().isPresent());
    given()
        .get("/api/status")
        .then()
        .statusCode(200)
        .body("lastSync.result", equalTo("failed"))
        .body("lastError", containsString("the source refused our credentials"))
        .body("lastError", not(containsString("hunter2")));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("checks[0].data.reason", containsString("the source refused our credentials"));

    // Polls every 2 s, each failure retried once after a backoff capped at the poll interval:
    // the load on the host is flat, window after window.
    int first = requestsDuring(Duration.ofSeconds(6));
    int second = requestsDuring(Duration.ofSeconds(6));
    int third = requestsDuring(Duration.ofSeconds(6));
    System.out.printf(
        "source polls per 6 s while credentials are refused: %d, %d, %d%n", first, second, third);
    assertThat(first).isPositive();
    assertThat(third)
        .as("requests per 6 s: %d, %d, %d", first, second, third)
        .isLessThanOrEqualTo(first + 4);
    // At most a poll and the one pending retry per poll interval.
    assertThat(third).isLessThanOrEqualTo(6 + 2);
  }

  /**
   * Polls of the source in a window, as the controller's own metric counts them (each is a request
   * to the host).
   */
  private static int requestsDuring(Duration window) throws InterruptedException {
    int before = failedPolls();
    Thread.sleep(window.toMillis()); // a measurement window, not a wait for a condition
    return failedPolls() - before;
  }

  private static int failedPolls() {
    Matcher count =
        Pattern.compile(
                "alloy_fleet_source_fetch_duration_seconds_count\\{[^}]*result=\"failed\"[^}]*} ([0-9.]+)")
            .matcher(given().get("/q/metrics").asString());
    return count.find() ? (int) Double.parseDouble(count.group(1)) : 0;
  }
}
