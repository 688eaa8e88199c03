package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A source that keeps failing costs one retry per backoff, however many syncs fail meanwhile. */
class RetryScheduleTest {

  @Test
  void atMostOneRetryIsPendingWhateverFailsMeanwhile() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      RetrySchedule retries = new RetrySchedule(executor);
      AtomicInteger ran = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(1);

      assertThat(
              retries.schedule(
                  Duration.ofMillis(200),
                  () -> {
                    ran.incrementAndGet();
                    done.countDown();
                  }))
          .isTrue();
      // Polls and webhooks that fail while the retry waits add nothing.
      for (int i = 0; i < 50; i++) {
        assertThat(retries.schedule(Duration.ofMillis(1), ran::incrementAndGet)).isFalse();
      }
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      executor.submit(() -> {}).get(); // the retry has finished running
      assertThat(ran).hasValue(1);
      assertThat(retries.isPending()).isFalse();

      // The next failure after it ran schedules the next retry; a success cancels it.
      assertThat(retries.schedule(Duration.ofHours(1), ran::incrementAndGet)).isTrue();
      retries.cancel();
      assertThat(retries.isPending()).isFalse();
      assertThat(ran).hasValue(1);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void backoffDoublesUpToThePollIntervalAndStaysThere() {
    Duration poll = Duration.ofSeconds(30);
    assertThat(RetrySchedule.backoff(1, poll)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetrySchedule.backoff(2, poll)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetrySchedule.backoff(5, poll)).isEqualTo(Duration.ofSeconds(16));
    assertThat(RetrySchedule.backoff(6, poll)).isEqualTo(poll);
    assertThat(RetrySchedule.backoff(10_000, poll)).isEqualTo(poll);
  }
}
