package io.alloyfleet.notify;

import io.alloyfleet.secrets.SecretFile;
import io.alloyfleet.text.Text;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * POSTs notifications to the configured webhooks, one at a time on a thread of its own: a
 * notification is tried at most {@code attempts} times per URL (2xx is delivered; the wait
 * doubles), at most {@link #QUEUE} wait, and more are dropped, so a dead receiver never holds up
 * anything else. Each URL's outcome goes to {@code counted} ({@code delivered}, {@code failed},
 * {@code dropped}). URLs are never logged: a webhook's path is often its secret.
 */
final class Webhooks implements AutoCloseable {

  static final int QUEUE = 100;
  private static final Logger LOG = Logger.getLogger(Webhooks.class);

  private final NotifySettings.Webhook settings;
  private final BiConsumer<String, Integer> counted;
  private final HttpClient http;
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(QUEUE),
          r -> {
            Thread t = new Thread(r, "alloy-fleet-notify");
            t.setDaemon(true);
            return t;
          });

  /** {@code counted}: an outcome and how many URLs had it. */
  Webhooks(NotifySettings.Webhook settings, BiConsumer<String, Integer> counted) {
    this.settings = settings;
    this.counted = counted;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The URLs: those set, then the file's lines (read now, so a rotated Secret is picked up). */
  List<URI> urls() {
    List<URI> urls = new ArrayList<>(settings.url().orElse(List.of()));
    List<String> lines =
        SecretFile.read(settings.urlFile()).map(f -> f.lines().toList()).orElse(List.of());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        urls.add(URI.create(line));
      } catch (IllegalArgumentException e) {
        // The line number only: the line is a secret.
        throw new IllegalArgumentException(
            "line " + (i + 1) + " of the webhook URL file is not a URL");
      }
    }
    return urls;
  }

  boolean configured() {
    return settings.url().isPresent() || settings.urlFile().isPresent();
  }

  /** Queues the JSON for every URL; returns at once. */
  void send(String json) {
    if (!configured()) {
      return;
    }
    try {
      sender.execute(() -> deliver(json));
    } catch (RejectedExecutionException e) {
      counted.accept("dropped", 1);
      LOG.warn("Too many notifications wait for their webhooks: one is dropped");
    }
  }

  private void deliver(String json) {
    List<URI> urls;
    try {
      urls = urls();
    } catch (RuntimeException e) {
      counted.accept("failed", 1);
      LOG.warnf("Cannot read the notification webhooks: %s", Text.printable(e.getMessage()));
      return;
    }
    for (URI url : urls) {
      String outcome = deliver(url, json) ? "delivered" : "failed";
      counted.accept(outcome, 1);
    }
  }

  private boolean deliver(URI url, String json) {
    Duration wait = settings.backoff();
    String failure = "";
    for (int attempt = 1; attempt <= Math.max(1, settings.attempts()); attempt++) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(url)
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          return true;
        }
        failure = "HTTP " + response.statusCode();
      } catch (IOException | IllegalArgumentException e) {
        failure = e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (attempt < settings.attempts()) {
        try {
          Thread.sleep(wait.toMillis()); // a retry's backoff: nothing to wait for but time
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        wait = wait.multipliedBy(2);
      }
    }
    LOG.warnf(
        "A notification webhook on %s failed %d time(s), last: %s",
        url.getScheme() + "://" + url.getHost(), settings.attempts(), failure);
    return false;
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
