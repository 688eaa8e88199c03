package io.alloyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.alloyfleet.api.SyncResourceTest;
import io.alloyfleet.sync.SyncLoop;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** What SREs see: the status API, metrics, health, and the status page in a real browser. */
@QuarkusTest
@TestProfile(SyncResourceTest.Controller.class)
class StatusTest {

  @Inject SyncLoop loop;

  @TestHTTPResource("/")
  URL root;

  @BeforeEach
  void aBrokenClusterHasBeenSynced() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> loop.lastSync().isPresent() && !loop.busy());
    boolean broken =
        loop.lastRender()
            .map(r -> r.render().invalid().stream().anyMatch(i -> i.id().equals("payments-prod")))
            .orElse(false);
    if (!broken) {
      SyncResourceTest.origin.edit(
          "clusters/payments-prod/cluster.yaml", "scope: namespace", "scope: namespaces");
      SyncResourceTest.origin.write(
          "groups/nobody.yaml", "selector:\n  matchLabels: {region: mars}\nvalues: {}\n");
      // A change of development's shared layers: its rollout starts with the canary, which waits
      // for Argo CD (not connected here).
      SyncResourceTest.origin.edit(
          "environments/development.yaml", "minLevel: debug", "minLevel: info");
      SyncResourceTest.origin.commit("Break payments-prod");
      loop.request(io.alloyfleet.sync.SyncTrigger.API);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  loop.lastRender()
                          .map(
                              r ->
                                  r.render().invalid().stream()
                                      .anyMatch(i -> i.id().equals("payments-prod")))
                          .orElse(false)
                      && !loop.busy());
    }
    // The sync after the one that started development's rollout checks the canary's gates.
    if (!developmentWaitsForArgo()) {
      loop.request(io.alloyfleet.sync.SyncTrigger.API);
      await().atMost(Duration.ofSeconds(30)).until(this::developmentWaitsForArgo);
    }
  }

  boolean developmentWaitsForArgo() {
    return loop.lastRolloutPlan()
        .map(p -> p.statuses().get("development"))
        .map(s -> s.reason().contains("Argo CD is not configured"))
        .orElse(false);
  }

  @Test
  void everyValueOfAClusterSaysWhichFileSetItAndWhatItOverrode() {
    given()
        .get("/api/clusters/ingest-prod/values")
        .then()
        .statusCode(200)
        .body("values.metrics.scrapeInterval", equalTo("15s"))
        .body("sources.'metrics.scrapeInterval'.file", equalTo("groups/large-agents.yaml"))
        .body("sources.'metrics.scrapeInterval'.line", equalTo(10))
        .body("sources.'metrics.scrapeInterval'.overrides.file", hasItem("fleet.yaml"))
        .body("sources.'endpoints.traces.url'.file", equalTo("clusters/ingest-prod/cluster.yaml"));
    given().get("/api/clusters/no-such-cluster/values").then().statusCode(404);
  }

  @Test
  void statusSaysWhichClusterIsStaleAndWhy() {
    given()
        .get("/api/status")
        .then()
        .statusCode(200)
        .body("leader", equalTo(true))
        .body("sourceCommit", notNullValue())
        .body("lastSync.result", notNullValue())
        .body("environments.name", hasItem("production"))
        .body("environments.find { it.name == 'production' }.renderedCommit", notNullValue())
        .body("clusterStates.stale", equalTo(1))
        .body("warnings[0].file", equalTo("groups/nobody.yaml"))
        .body("warnings[0].message", equalTo("the group matches no cluster"))
        .body("source.url", containsString("/origin.git"));
    given()
        .get("/api/clusters/payments-prod")
        .then()
        .statusCode(200)
        .body("state", equalTo("stale"))
        .body("environment", equalTo("production"))
        .body("problems[0].file", equalTo("clusters/payments-prod/cluster.yaml"))
        .body("problems[0].line", equalTo(15))
        .body("problems[0].path", equalTo("rbac.scope"))
        .body("lastGoodSourceCommit", notNullValue())
        .body("configHash", notNullValue());
    given().get("/api/clusters").then().statusCode(200).body("id", hasItem("edge-small"));
  }

  @Test
  void rolloutsSayWhereEachEnvironmentStandsAndWhy() {
    given()
        .get("/api/rollouts")
        .then()
        .statusCode(200)
        .body("find { it.environment == 'development' }.state", equalTo("progressing"))
        .body("find { it.environment == 'development' }.wave.name", equalTo("canary"))
        .body("find { it.environment == 'development' }.waves[0].clusters", hasItem("dev-sandbox"))
        .body(
            "find { it.environment == 'development' }.reason",
            containsString("Argo CD is not configured"))
        .body("find { it.environment == 'development' }.pending", equalTo(0))
        .body("find { it.environment == 'production' }.state", equalTo("idle"));
    given()
        .get("/api/clusters/dev-sandbox")
        .then()
        .statusCode(200)
        .body("labels.ring", equalTo("canary"))
        .body("rollout.wave", equalTo("canary"))
        .body("rollout.pending", equalTo(false));
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains(
            "alloy_fleet_rollout_state{environment=\"development\",state=\"progressing\"} 1.0")
        .contains("alloy_fleet_rollout_wave{environment=\"development\"} 0.0")
        .contains("alloy_fleet_rollout_clusters_pending{environment=\"production\"} 0.0");
    given()
        .post("/api/rollouts/development/pause")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void unknownClustersAndFilesAre404WithAProblemBody() {
    given()
        .get("/api/clusters/nope")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("nope"));
    given().get("/api/clusters/edge-small/files/../../etc/passwd").then().statusCode(404);
    given()
        .get("/api/clusters/edge-small/files/config.alloy")
        .then()
        .statusCode(200)
        .body(containsString("Grafana Alloy edge agent"));
  }

  @Test
  void metricsHealthAndOpenApiAreServed() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("alloy_fleet_sync_duration_seconds_count")
        .contains("alloy_fleet_source_fetch_duration_seconds_count")
        .contains("alloy_fleet_clusters{state=\"stale\"} 1.0")
        .contains("alloy_fleet_render_failures_total{cluster=\"payments-prod\"}")
        .contains("alloy_fleet_last_successful_sync_timestamp_seconds")
        .doesNotContain("password");
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/api/status"))
        .body(containsString("/api/clusters/{id}"));
  }

  @Test
  void theStatusPageShowsTheBrokenClusterAndLinksToRenderedFiles() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + Files.createTempDirectory("chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    WebDriver browser = new ChromeDriver(service, options);
    try {
      browser.get(root.toString());
      assertThat(browser.getTitle()).isEqualTo("Alloy Fleet");
      WebElement row = browser.findElement(By.id("cluster-payments-prod"));
      assertThat(row.getText())
          .contains("stale")
          .contains("rbac.scope")
          .contains("\"namespaces\" is not one of namespace, cluster");
      assertThat(browser.findElement(By.id("cluster-edge-small")).getText()).contains("ok");
      assertThat(browser.findElement(By.id("role")).getText()).isEqualTo("leader");
      assertThat(browser.findElement(By.id("warnings")).getText())
          .contains("groups/nobody.yaml:1:1: warning: selector: the group matches no cluster");
      assertThat(browser.findElement(By.id("rollout-development")).getText())
          .contains("development")
          .contains("progressing")
          .contains("canary")
          .contains("Argo CD is not configured");
      assertThat(
              browser
                  .findElement(By.id("rollout-development"))
                  .findElement(By.className("wave-progressing"))
                  .getText())
          .startsWith("canary");
      assertThat(row.findElement(By.linkText("values")).getAttribute("href"))
          .endsWith("/api/clusters/payments-prod/values");
      row.findElement(By.linkText("config.alloy")).click();
      assertThat(browser.getPageSource())
          .contains("Grafana Alloy edge agent for cluster \"payments-prod\"");
    } finally {
      browser.quit();
    }
  }
}
