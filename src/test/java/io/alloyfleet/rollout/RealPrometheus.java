package io.alloyfleet.rollout;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Debian's {@code prometheus} on loopback, scraping one target per cluster that this test serves:
 * each target is labelled {@code job="alloy-agent", cluster="<name>"} and exposes {@code
 * alloy_gate_ok} with the value the test sets; a target set {@link #down} answers 500, so its
 * {@code up} is 0. Fails (never skips) when prometheus is not installed.
 */
public final class RealPrometheus implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer targets;
  private final Process process;
  private final URI url;
  private final Map<String, String> values = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private RealPrometheus(HttpServer targets, Process process, URI url) {
    this.targets = targets;
    this.process = process;
    this.url = url;
  }

  /** Starts Prometheus scraping every second one target per cluster name, each at {@code 1}. */
  public static RealPrometheus start(Path dir, List<String> clusters) throws Exception {
    Path binary =
        Path.of("/usr/bin/prometheus").toFile().canExecute()
            ? Path.of("/usr/bin/prometheus")
            : Path.of("/usr/local/bin/prometheus");
    if (!binary.toFile().canExecute()) {
      throw new IllegalStateException(
          "prometheus is not installed: apt-get install prometheus (.ci/run does)");
    }
    HttpServer targets =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Map<String, String> values = new ConcurrentHashMap<>();
    StringBuilder config =
        new StringBuilder(
            """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: alloy-agent
                static_configs:
            """);
    for (String cluster : clusters) {
      values.put(cluster, "1");
      config
          .append("      - targets: ['127.0.0.1:")
          .append(targets.getAddress().getPort())
          .append("']\n        labels: {cluster: '")
          .append(cluster)
          .append("', __metrics_path__: '/metrics/")
          .append(cluster)
          .append("'}\n");
    }
    Path file = Files.writeString(dir.resolve("prometheus.yml"), config);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    RealPrometheus prometheus =
        new RealPrometheus(targets, process, URI.create("http://127.0.0.1:" + port));
    prometheus.values.putAll(values);
    targets.createContext("/metrics/", prometheus::serve);
    targets.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> prometheus.series("up{job=\"alloy-agent\"}").size() == clusters.size());
    return prometheus;
  }

  private void serve(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    String cluster = exchange.getRequestURI().getPath().substring("/metrics/".length());
    String value = values.get(cluster);
    byte[] body =
        value == null
            ? new byte[0]
            : ("# TYPE alloy_gate_ok gauge\nalloy_gate_ok " + value + "\n")
                .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
    exchange.sendResponseHeaders(value == null ? 500 : 200, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public URI url() {
    return url;
  }

  /** The value the cluster's target exposes as {@code alloy_gate_ok}, once Prometheus has it. */
  public void set(String cluster, String value) {
    values.put(cluster, value);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () ->
                series("alloy_gate_ok{cluster=\"" + cluster + "\"}").stream()
                    .anyMatch(s -> s.path("value").path(1).asText().equals(value)));
  }

  /** The cluster's target fails its scrapes: {@code up} is 0 once Prometheus saw it. */
  public void down(String cluster) {
    values.remove(cluster);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () ->
                series("up{cluster=\"" + cluster + "\"}").stream()
                    .anyMatch(s -> s.path("value").path(1).asText().equals("0")));
  }

  /** How many instant queries Prometheus has answered (its own counter). */
  public double queriesAnswered() throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(url.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return metrics
        .lines()
        .filter(
            l ->
                l.startsWith("prometheus_http_requests_total{")
                    && l.contains("handler=\"/api/v1/query\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private List<JsonNode> series(String query) throws Exception {
    JsonNode answer =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            url.resolve(
                                "/api/v1/query?query="
                                    + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    java.util.ArrayList<JsonNode> result = new java.util.ArrayList<>();
    answer.path("data").path("result").forEach(result::add);
    return result;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS); // before its directory goes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    targets.stop(0);
  }
}
