package io.alloyfleet.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook delivery against a receiver on loopback: retries, a bounded number of times, counted. */
class WebhooksTest {

  HttpServer receiver;
  final AtomicInteger failuresLeft = new AtomicInteger();
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final Map<String, AtomicInteger> counted = new ConcurrentHashMap<>();
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 500 : 200, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + path);
  }

  Webhooks webhooks(Optional<List<URI>> urls, Optional<Path> file) {
    NotifySettings.Webhook settings =
        new NotifySettings.Webhook() {
          public Optional<List<URI>> url() {
            return urls;
          }

          public Optional<Path> urlFile() {
            return file;
          }

          public int attempts() {
            return 3;
          }

          public Duration backoff() {
            return Duration.ofMillis(10);
          }

          public Duration timeout() {
            return Duration.ofSeconds(2);
          }
        };
    return new Webhooks(
        settings,
        (result, n) -> counted.computeIfAbsent(result, r -> new AtomicInteger()).addAndGet(n));
  }

  int count(String result) {
    return counted.getOrDefault(result, new AtomicInteger()).get();
  }

  @Test
  void aReceiverThatFailsTwiceGetsItOnTheThirdTry() {
    failuresLeft.set(2);
    try (Webhooks webhooks = webhooks(Optional.of(List.of(url("/hook"))), Optional.empty())) {
      webhooks.send("{\"text\":\"halted\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> count("delivered") == 1);
      assertThat(bodies)
          .containsExactly(
              "{\"text\":\"halted\"}", "{\"text\":\"halted\"}", "{\"text\":\"halted\"}");
      assertThat(count("failed")).isZero();
    }
  }

  @Test
  void aReceiverThatKeepsFailingIsTriedThreeTimesAndCounted() {
    failuresLeft.set(100);
    try (Webhooks webhooks = webhooks(Optional.of(List.of(url("/hook"))), Optional.empty())) {
      webhooks.send("{\"text\":\"halted\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> count("failed") == 1);
      assertThat(bodies).hasSize(3);
    }
  }

  @Test
  void urlsWithSecretsComeFromAFileReadAtEachNotification() throws Exception {
    Path file =
        Files.writeString(dir.resolve("urls"), "# Slack\n" + url("/services/T0/B0/secret") + "\n");
    try (Webhooks webhooks = webhooks(Optional.of(List.of(url("/a"))), Optional.of(file))) {
      assertThat(webhooks.urls()).containsExactly(url("/a"), url("/services/T0/B0/secret"));
      webhooks.send("{}");
      await().atMost(Duration.ofSeconds(10)).until(() -> count("delivered") == 2);
      Files.writeString(file, "not a url at all\\\n");
      assertThat(org.assertj.core.api.Assertions.catchThrowable(webhooks::urls))
          .hasMessage("line 1 of the webhook URL file is not a URL");
    }
  }

  @Test
  void sendingNeverWaitsForTheReceiver() {
    failuresLeft.set(0);
    try (Webhooks webhooks = webhooks(Optional.of(List.of(url("/hook"))), Optional.empty())) {
      for (int i = 0; i < Webhooks.QUEUE + 50; i++) {
        webhooks.send("{}"); // returns at once; beyond the queue, dropped and counted
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> count("delivered") + count("dropped") == Webhooks.QUEUE + 50);
      assertThat(count("delivered")).isGreaterThanOrEqualTo(Webhooks.QUEUE);
    }
  }
}
