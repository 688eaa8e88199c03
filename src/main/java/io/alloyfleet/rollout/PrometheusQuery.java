package io.alloyfleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.rolloutspec.Rollout;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A rollout's Prometheus gate: an instant query ({@code /api/v1/query}) per cluster, its
 * placeholders replaced: {@code {cluster}} by the cluster's name ({@code cluster.name}, the label
 * the agent puts on its series), {@code {id}} by its directory, {@code {environment}} by its
 * environment. How the answer is read:
 *
 * <ul>
 *   <li>a vector whose every sample is a number other than 0 (and not NaN) passes;
 *   <li>a vector with a sample of 0 or NaN, or an empty vector, is unhealthy;
 *   <li>a scalar passes unless it is 0 or NaN;
 *   <li>any other answer (a range vector, a string) is unhealthy: the query cannot pass;
 *   <li>an error answer, another HTTP status, no answer within the timeout: waited for, never taken
 *       as healthy (the progress deadline halts a rollout that waits too long).
 * </ul>
 */
public final class PrometheusQuery {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Duration timeout;
  private final HttpClient http;

  public PrometheusQuery() {
    this(TIMEOUT);
  }

  /** {@code timeout}: how long an answer is waited for (connecting, then answering). */
  public PrometheusQuery(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The query the gate runs for {@code cluster}, its placeholders replaced. */
  public static String queryFor(Rollout.PrometheusGate gate, ClusterSpec cluster) {
    return gate.query()
        .replace(Rollout.PrometheusGate.CLUSTER, cluster.name())
        .replace("{id}", cluster.id())
        .replace("{environment}", cluster.environment());
  }

  public Health check(Rollout.PrometheusGate gate, ClusterSpec cluster) {
    String query = queryFor(gate, cluster);
    URI uri =
        URI.create(
            gate.url().toString().replaceAll("/+$", "")
                + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return answer(response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      return new Health.Waiting("Prometheus did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return new Health.Waiting("Prometheus did not answer: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Health.Waiting("interrupted");
    }
  }

  /** An answer: Prometheus gives its errors (400, 422, 503) a JSON body that says why. */
  private static Health answer(int status, byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    if (json != null && "error".equals(json.path("status").asText())) {
      return new Health.Waiting("Prometheus: " + shown(json.path("error").asText("query failed")));
    }
    if (status != 200 || json == null || !"success".equals(json.path("status").asText())) {
      return new Health.Waiting("Prometheus answered HTTP " + status);
    }
    return verdict(json.path("data"));
  }

  /** Text from Prometheus, as it may be shown: printable, at most 200 characters. */
  private static String shown(String text) {
    String printable = io.alloyfleet.text.Text.printable(text);
    return printable.length() > 200 ? printable.substring(0, 200) + "…" : printable;
  }

  /** A vector or a scalar: see the class's description. */
  static Health verdict(JsonNode data) {
    JsonNode result = data.path("result");
    String type = data.path("resultType").asText();
    if ("scalar".equals(type)) {
      return failing(result.path(1).asText())
          ? failed("the query's value is " + result.path(1).asText())
          : Health.HEALTHY;
    }
    if (!"vector".equals(type)) {
      return failed("the query returned a " + shown(type) + ", not an instant vector or a scalar");
    }
    if (!result.isArray() || result.isEmpty()) {
      return failed("the query returned no sample");
    }
    for (JsonNode sample : result) {
      String value = sample.path("value").path(1).asText();
      if (failing(value)) {
        return failed("a sample of the query is " + shown(value));
      }
    }
    return Health.HEALTHY;
  }

  /** 0 and NaN fail (±Inf passes); so does a value that is not a number at all. */
  private static boolean failing(String value) {
    if (value.equals("+Inf") || value.equals("-Inf")) {
      return false;
    }
    try {
      double number = Double.parseDouble(value);
      return number == 0 || Double.isNaN(number);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static Health failed(String reason) {
    return new Health.Unhealthy("Prometheus: " + reason);
  }
}
