package io.alloyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.RenderedIdentities;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.render.ClusterRenderer;
import io.alloyfleet.render.EnvironmentRenderer;
import io.alloyfleet.sync.FleetRepo;
import io.alloyfleet.sync.SyncLoop;
import io.alloyfleet.sync.SyncOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * A sync that dies of a fault no cluster can be charged with (here a StackOverflowError planted in
 * the pipeline's load) is never silent: status shows the error, a metric counts it, the log has an
 * ERROR, readiness says so, and the next try syncs once the fault is gone. Once, such an error
 * escaped the loop: no log line, the previous sync in status, readiness UP, no retry.
 */
@QuarkusTest
@TestProfile(ASyncThatDiesIsNeverSilentTest.Dying.class)
class ASyncThatDiesIsNeverSilentTest {

  static final AtomicBoolean dying = new AtomicBoolean(true);
  static FleetRepo origin;

  public static class Dying implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-dying");
        origin = FleetRepo.seeded(dir, Path.of("gitops-example")).withoutRollout();
        return io.alloyfleet.sync.ControllerSettings.of(origin.url(), dir.resolve("data"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(DyingPipeline.class);
    }
  }

  /** The real pipeline, whose load overflows its stack while {@link #dying} is set. */
  @Alternative
  @jakarta.inject.Singleton
  public static class DyingPipeline extends RenderPipeline {
    @Inject
    public DyingPipeline(ClusterRenderer clusters, EnvironmentRenderer environments) {
      super(clusters, environments);
    }

    @Override
    public Fleet load(FleetFiles files, RenderedIdentities rendered) {
      if (dying.get()) {
        throw new StackOverflowError();
      }
      return super.load(files, rendered);
    }
  }

  @Inject SyncLoop loop;

  @Test
  void statusMetricsLogAndReadinessSayItAndTheNextTrySyncs() {
    List<LogRecord> errors = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
              errors.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(SyncLoop.class.getName());
    log.addHandler(handler);
    try {
      loop.request(io.alloyfleet.sync.SyncTrigger.API);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  loop.lastSync()
                      .map(
                          s ->
                              s.outcome() instanceof SyncOutcome.Failed f
                                  && f.stage() == SyncOutcome.Stage.INTERNAL)
                      .orElse(false));
      given()
          .get("/api/status")
          .then()
          .statusCode(200)
          .body("lastSync.result", equalTo("failed"))
          .body("lastError", containsString("StackOverflowError"));
      given()
          .get("/q/health/ready")
          .then()
          .statusCode(503)
          .body(containsString("the last sync failed: internal error: StackOverflowError"));
      assertThat(given().get("/q/metrics").asString())
          .containsPattern("alloy_fleet_sync_failures_total\\{stage=\"internal\"\\} [1-9]");
      await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
      assertThat(errors.get(0).getMessage()).contains("Sync failed unexpectedly");

      // The fault is gone: the retry (the poll interval is an hour) syncs without a request.
      dying.set(false);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  loop.lastSync()
                      .map(s -> s.outcome() instanceof SyncOutcome.Synced)
                      .orElse(false));
      given().get("/q/health/ready").then().statusCode(200);
      assertThat(origin.tip("rendered/production")).isNotNull();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } finally {
      log.removeHandler(handler);
    }
  }
}
