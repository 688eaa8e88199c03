package io.alloyfleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.files.DirectoryFiles;
import io.alloyfleet.fleet.rolloutspec.Rollout;
import io.alloyfleet.fleet.values.ValuesSchema;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the Prometheus gate reads each kind of answer, asked of a real Prometheus (Debian's, on
 * loopback) that scrapes one target per cluster served by this test.
 */
class PrometheusQueryTest {

  @TempDir static Path dir;
  static RealPrometheus prometheus;
  static ClusterSpec payments;
  final PrometheusQuery gate = new PrometheusQuery();

  @BeforeAll
  static void start() throws Exception {
    Path fleet = dir.resolve("fleet");
    copy(Path.of("gitops-example"), fleet);
    Path cluster = fleet.resolve("clusters/payments-prod/cluster.yaml");
    Files.writeString(
        cluster,
        Files.readString(cluster)
            .replace(
                "  environment: production", "  name: payments-eu-1\n  environment: production"));
    Fleet loaded = new FleetLoader(ValuesSchema.load()).load(new DirectoryFiles(fleet));
    payments =
        loaded.valid().stream()
            .filter(s -> s.id().equals("payments-prod"))
            .findFirst()
            .orElseThrow();
    prometheus = RealPrometheus.start(dir, List.of("payments-eu-1", "edge-small"));
  }

  @AfterAll
  static void stop() {
    prometheus.close();
  }

  static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  Health ask(String query) {
    return gate.check(new Rollout.PrometheusGate(prometheus.url(), query), payments);
  }

  @Test
  void placeholdersAreTheClustersNameIdAndEnvironment() {
    assertThat(
            PrometheusQuery.queryFor(
                new Rollout.PrometheusGate(
                    prometheus.url(),
                    "up{cluster=\"{cluster}\", dir=\"{id}\", env=\"{environment}\"}"),
                payments))
        .isEqualTo("up{cluster=\"payments-eu-1\", dir=\"payments-prod\", env=\"production\"}");
  }

  @Test
  void aVectorOfOnesAboutTheClustersNamePasses() {
    assertThat(ask("up{job=\"alloy-agent\", cluster=\"{cluster}\"}")).isEqualTo(Health.HEALTHY);
    assertThat(ask("up{job=\"alloy-agent\"}")).as("two samples, both 1").isEqualTo(Health.HEALTHY);
  }

  @Test
  void theDirectoryIdLabelsNoSeries() {
    assertThat(ask("up{job=\"alloy-agent\", cluster=\"{id}\"}"))
        .isEqualTo(new Health.Unhealthy("Prometheus: the query returned no sample"));
  }

  @Test
  void aZeroIsUnhealthy() {
    assertThat(ask("alloy_gate_ok{cluster=\"{cluster}\"} * 0"))
        .isEqualTo(new Health.Unhealthy("Prometheus: a sample of the query is 0"));
  }

  @Test
  void anEmptyResultIsUnhealthy() {
    assertThat(ask("up{cluster=\"{cluster}\"} == 0"))
        .isEqualTo(new Health.Unhealthy("Prometheus: the query returned no sample"));
  }

  @Test
  void aNaNIsUnhealthy() {
    prometheus.set("edge-small", "NaN");
    try {
      assertThat(ask("alloy_gate_ok{cluster=\"edge-small\"}"))
          .isEqualTo(new Health.Unhealthy("Prometheus: a sample of the query is NaN"));
    } finally {
      prometheus.set("edge-small", "1");
    }
  }

  @Test
  void aScalarPassesUnlessItIsZeroOrNaN() {
    assertThat(ask("scalar(up{cluster=\"{cluster}\"})")).isEqualTo(Health.HEALTHY);
    assertThat(ask("scalar(up{cluster=\"nowhere\"})"))
        .as("scalar() of an empty vector is NaN")
        .isEqualTo(new Health.Unhealthy("Prometheus: the query's value is NaN"));
    assertThat(ask("0")).isEqualTo(new Health.Unhealthy("Prometheus: the query's value is 0"));
  }

  @Test
  void aRangeVectorCannotPass() {
    assertThat(ask("up{cluster=\"{cluster}\"}[1m]"))
        .isEqualTo(
            new Health.Unhealthy(
                "Prometheus: the query returned a matrix, not an instant vector or a scalar"));
  }

  @Test
  void anErrorAnswerIsWaitedForWithPrometheussReason() {
    Health health = ask("up{cluster=");
    assertThat(health).isInstanceOf(Health.Waiting.class);
    assertThat(((Health.Waiting) health).reason())
        .startsWith("Prometheus: ")
        .contains("parse error");
  }

  /**
   * A slow answer: a real Prometheus answers these queries in milliseconds, so a proxy in the test
   * holds each request until the test ends, then forwards it.
   */
  @Test
  void aSlowAnswerIsWaitedFor() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    HttpServer proxy =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    HttpClient forward = HttpClient.newHttpClient();
    proxy.createContext(
        "/",
        exchange -> {
          try {
            released.await(10, TimeUnit.SECONDS);
            byte[] body =
                forward
                    .send(
                        HttpRequest.newBuilder(
                                prometheus.url().resolve(exchange.getRequestURI().toString()))
                            .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                    .body();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          } catch (Exception e) {
            exchange.close();
          }
        });
    proxy.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    proxy.start();
    try {
      Health health =
          new PrometheusQuery(Duration.ofMillis(300))
              .check(
                  new Rollout.PrometheusGate(
                      URI.create("http://127.0.0.1:" + proxy.getAddress().getPort()),
                      "up{cluster=\"{cluster}\"}"),
                  payments);
      assertThat(health).isEqualTo(new Health.Waiting("Prometheus did not answer within 300 ms"));
    } finally {
      released.countDown();
      proxy.stop(0);
    }
  }

  @Test
  void noPrometheusIsWaitedFor() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    assertThat(
            gate.check(
                new Rollout.PrometheusGate(URI.create("http://127.0.0.1:" + port), "up"), payments))
        .isEqualTo(new Health.Waiting("Prometheus did not answer: ConnectException"));
  }
}
