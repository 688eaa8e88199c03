package io.alloyfleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.fleet.Rollout;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A rollout's Prometheus gate: an instant query ({@code /api/v1/query}) per cluster. It passes when
 * the result is not empty and no sample is 0; a Prometheus that does not answer is waited for,
 * never taken as healthy.
 */
public final class PrometheusQuery {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public Health check(Rollout.PrometheusGate gate, String cluster) {
    String query = gate.queryFor(cluster);
    URI uri =
        URI.create(
            gate.url().toString().replaceAll("/+$", "")
                + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return new Health.Waiting("Prometheus answered HTTP " + response.statusCode());
      }
      JsonNode body = JSON.readTree(response.body());
      if (!"success".equals(body.path("status").asText())) {
        return new Health.Waiting(
            "Prometheus: " + shown(body.path("error").asText("query failed")));
      }
      return verdict(body.path("data"));
    } catch (IOException e) {
      return new Health.Waiting("Prometheus did not answer: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Health.Waiting("interrupted");
    }
  }

  /** Text from Prometheus, as it may be shown: printable, at most 200 characters. */
  private static String shown(String text) {
    String printable = io.alloyfleet.fleet.Text.printable(text);
    return printable.length() > 200 ? printable.substring(0, 200) + "…" : printable;
  }

  /** A vector or a scalar: empty fails, a sample of 0 fails, anything else passes. */
  static Health verdict(JsonNode data) {
    JsonNode result = data.path("result");
    if ("scalar".equals(data.path("resultType").asText())) {
      return zero(result.path(1).asText()) ? failed("the query's value is 0") : Health.HEALTHY;
    }
    if (!result.isArray() || result.isEmpty()) {
      return failed("the query returned no sample");
    }
    for (JsonNode sample : result) {
      if (zero(sample.path("value").path(1).asText())) {
        return failed("a sample of the query is 0");
      }
    }
    return Health.HEALTHY;
  }

  private static boolean zero(String value) {
    try {
      return Double.parseDouble(value) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Health failed(String reason) {
    return new Health.Unhealthy("Prometheus: " + reason);
  }
}
