package io.alloyfleet.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alloyfleet.sync.ControllerSettings;
import io.alloyfleet.sync.SyncLoop;
import io.alloyfleet.sync.SyncOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Observers of a sync (status, Argo CD, the Git host) that fail or hang cannot stop the loop: the
 * failed syncs of an unreachable source are still retried. Once, a runtime exception in the status
 * snapshot skipped the retry and the cache housekeeping.
 */
@QuarkusTest
@TestProfile(ObserversCannotStopTheLoopTest.Unreachable.class)
class ObserversCannotStopTheLoopTest {

  public static class Unreachable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("alloy-fleet-observers");
        return ControllerSettings.of(
            dir.resolve("missing/origin.git").toUri().toString(),
            dir.resolve("data"),
            "test.failing-observers",
            "true");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Observers that throw on every sync, one of each kind, present in this profile only. */
  @ApplicationScoped
  public static class FailingObservers {
    static final AtomicInteger calls = new AtomicInteger();

    @org.eclipse.microprofile.config.inject.ConfigProperty(
        name = "test.failing-observers",
        defaultValue = "false")
    boolean failing;

    void synchronous(@Observes SyncLoop.LastSync last) {
      fail();
    }

    void asynchronous(@ObservesAsync SyncLoop.LastSync last) {
      fail();
    }

    private void fail() {
      if (failing) {
        calls.incrementAndGet();
        throw new IllegalStateException("an observer failed");
      }
    }
  }

  @Inject SyncLoop loop;

  @Test
  void failedSyncsAreRetriedWhateverTheObserversDo() {
    await().atMost(Duration.ofSeconds(30)).until(() -> loop.lastSync().isPresent());
    Instant first = loop.lastSync().orElseThrow().time();
    // The poll interval is an hour: only the retry (1 s, then 2 s) can run the next sync.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> loop.lastSync().orElseThrow().time().isAfter(first));
    assertThat(loop.lastSync().orElseThrow().outcome()).isInstanceOf(SyncOutcome.Failed.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> FailingObservers.calls.get() > 0);
  }
}
