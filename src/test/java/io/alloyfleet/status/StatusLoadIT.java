package io.alloyfleet.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alloyfleet.bench.FleetGenerator;
import io.alloyfleet.sync.FleetRepo;
import io.alloyfleet.sync.SyncLoop;
import io.alloyfleet.sync.SyncOutcome;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** 50 concurrent readers of the status API for 30 s while a 1,000-cluster fleet keeps syncing. */
@QuarkusTest
@TestProfile(StatusLoadIT.LargeFleet.class)
class StatusLoadIT {

  static FleetRepo origin;
  static final int CLIENTS = 50;
  static final Duration LOAD = Duration.ofSeconds(30);

  public static class LargeFleet implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-load");
        Path fleet = dir.resolve("fleet");
        for (var file : FleetGenerator.generate(1000, 3).entrySet()) {
          Path target = fleet.resolve(file.getKey());
          Files.createDirectories(target.getParent());
          Files.writeString(target, file.getValue());
        }
        origin = FleetRepo.seeded(dir, fleet);
        return io.alloyfleet.sync.ControllerSettings.of(origin.url(), dir.resolve("data"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Inject SyncLoop loop;

  @TestHTTPResource("/")
  URL root;

  @Test
  void theStatusApiAnswersConcurrentReadersQuicklyWhileTheFleetSyncs() throws Exception {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> loop.lastRender().isPresent() && !loop.busy());
    String cluster = loop.lastRender().orElseThrow().render().rendered().get(0).id();
    long deadline = System.nanoTime() + LOAD.toNanos();
    Thread syncer =
        Thread.ofVirtual()
            .start(
                () -> {
                  int n = 0;
                  while (System.nanoTime() < deadline) {
                    try {
                      origin.edit(
                          "clusters/" + cluster + "/cluster.yaml",
                          "region: ",
                          "region: r" + n + "-");
                      origin.commit("Change " + n++);
                      loop.request(io.alloyfleet.sync.SyncTrigger.API);
                      Thread.sleep(2000);
                    } catch (Exception e) {
                      return;
                    }
                  }
                });
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      String path = c % 2 == 0 ? "api/status" : "api/clusters/" + cluster;
      HttpRequest request = HttpRequest.newBuilder(URI.create(root + path)).build();
      clients.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (System.nanoTime() < deadline) {
                      long start = System.nanoTime();
                      try {
                        HttpResponse<String> response =
                            http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                          errors.incrementAndGet();
                        }
                      } catch (Exception e) {
                        errors.incrementAndGet();
                      }
                      latencies.add(System.nanoTime() - start);
                    }
                  }));
    }
    for (Thread client : clients) {
      client.join();
    }
    syncer.join();
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    double p50 = sorted.get(sorted.size() / 2) / 1e6;
    double p99 = sorted.get((int) (sorted.size() * 0.99)) / 1e6;
    System.out.printf(
        "status load: %d requests in %s by %d clients, %d errors, p50 %.1f ms, p99 %.1f ms%n",
        sorted.size(), LOAD, CLIENTS, errors.get(), p50, p99);
    assertThat(errors.get()).isZero();
    assertThat(sorted.size()).isGreaterThan(1000);
    // A stall (a lock held across a sync) shows as seconds; the latency itself is a figure for
    // BENCHMARKS.md, not a unit-test target: on two shared cores it varies from 50 to 120 ms.
    assertThat(p99).as("p99 latency in ms").isLessThan(500.0);
    assertThat(loop.lastSync().orElseThrow().outcome()).isNotInstanceOf(SyncOutcome.Failed.class);
  }
}
