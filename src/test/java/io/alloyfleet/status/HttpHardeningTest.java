package io.alloyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an SRE's browser and Prometheus see of the controller, whatever paths a stranger asks for.
 */
@QuarkusTest
class HttpHardeningTest {

  @Test
  void thePageAndTheApiSendSecurityHeaders() {
    for (String path : new String[] {"/", "/api/status", "/status.css", "/no/such/page"}) {
      Response response = given().get(path);
      assertThat(response.header("Content-Security-Policy"))
          .as(path)
          .contains("default-src 'none'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("DENY");
      assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
    }
  }

  @Test
  void optionsOnAnUnknownPathIsNotOk() {
    assertThat(given().options("/no/such/path").statusCode()).isNotEqualTo(200);
    assertThat(given().options("/api/no-such-endpoint").statusCode()).isNotEqualTo(200);
    assertThat(given().options("/api/status").statusCode()).isEqualTo(405);
  }

  @Test
  void requestsToArbitraryPathsShareOneMetricSeries() {
    for (int i = 0; i < 40; i++) {
      given().get("/probe-" + i + "/x").then().statusCode(404);
      given().get("/api/clusters/c" + i).then().statusCode(404);
      given().options("/probe-" + i + "/options");
      given().post("/probe-" + i + "/post");
      given().head("/probe-" + i + "/head");
    }
    given().get("/api/status").then().statusCode(200);
    String metrics = given().get("/q/metrics").asString();

    Set<String> uris = new TreeSet<>();
    Matcher series =
        Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]*)\"")
            .matcher(metrics);
    while (series.find()) {
      uris.add(series.group(1));
    }
    assertThat(uris).contains("/api/status", "/api/clusters/{id}");
    assertThat(uris).noneMatch(uri -> uri.startsWith("/probe-"));
    assertThat(uris).noneMatch(uri -> uri.matches("/api/clusters/c[0-9]+"));
    assertThat(uris.size()).isLessThan(15);
  }
}
