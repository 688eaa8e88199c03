package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A sync is a trace, exported over OTLP/HTTP to a receiver of this test on loopback: its stages are
 * spans, its source commit an attribute, and its log lines carry its trace id.
 */
@QuarkusTest
@TestProfile(TracesTest.Exported.class)
class TracesTest {

  /** What the receiver was POSTed on /v1/traces (protobuf). */
  static final List<byte[]> EXPORTED = new CopyOnWriteArrayList<>();

  static final HttpServer RECEIVER;
  static FleetRepo origin;
  static Path log;

  static {
    try {
      RECEIVER = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    RECEIVER.createContext(
        "/v1/traces",
        exchange -> {
          EXPORTED.add(exchange.getRequestBody().readAllBytes());
          exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, 0);
          exchange.close();
        });
    RECEIVER.start();
  }

  public static class Exported implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-traces");
        origin = FleetRepo.seeded(dir, Path.of("gitops-example"));
        log = dir.resolve("traces.log");
        return ControllerSettings.of(
            origin.url(),
            dir.resolve("data"),
            "quarkus.otel.exporter.otlp.endpoint",
            "http://127.0.0.1:" + RECEIVER.getAddress().getPort(),
            "quarkus.otel.bsp.schedule.delay",
            "100ms",
            "quarkus.log.file.path",
            log.toString(),
            "quarkus.log.file.format",
            "%-5p [%X{traceId}] %s%n");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Inject SyncLoop loop;

  static String exported() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    EXPORTED.forEach(all::writeBytes);
    return new String(all.toByteArray(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aSyncIsATraceWithItsStagesAndItsLogLinesCarryItsId() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> loop.lastSync().isPresent() && !loop.busy());
    String commit = origin.tip("main").name();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> exported().contains("publish") && exported().contains(commit));
    assertThat(exported())
        .contains("sync")
        .contains("fetch")
        .contains("load")
        .contains("fetch rendered branches")
        .contains("rollout")
        .contains("render and check")
        .contains("publish")
        .contains("alloy_fleet.source.commit")
        .contains("alloy_fleet.clusters.rendered")
        .contains("alloy-fleet");

    Matcher line =
        Pattern.compile("INFO  \\[([0-9a-f]{32})\\] Read \\d+ cluster\\(s\\) from ")
            .matcher(Files.readString(log));
    assertThat(line.find()).as("a log line of the sync with its trace id").isTrue();
    byte[] traceId = HexFormat.of().parseHex(line.group(1));
    assertThat(exported())
        .as("the trace id of the log line is the exported trace's")
        .contains(new String(traceId, StandardCharsets.ISO_8859_1));
  }
}
