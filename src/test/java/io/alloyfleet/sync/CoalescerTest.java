package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Triggers coalesce: at most one sync runs and at most one more waits. */
class CoalescerTest {

  @Test
  void aBurstOfRequestsWhileOneRunsMakesExactlyOneMoreRun() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Coalescer coalescer = new Coalescer(executor);
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      Runnable sync =
          () -> {
            runs.incrementAndGet();
            started.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
      assertThat(coalescer.submit(sync)).isTrue();
      started.await();
      List<Boolean> burst = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        burst.add(coalescer.submit(sync));
      }
      assertThat(burst)
          .containsExactly(true, false, false, false, false, false, false, false, false, false);
      assertThat(coalescer.busy()).isTrue();
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> !coalescer.busy());
      assertThat(runs.get()).isEqualTo(2);
    } finally {
      executor.shutdownNow();
    }
  }

  /** Previews wait on this: told once nothing runs, so a waiter wakes without polling. */
  @Test
  void aWaiterIsToldWhenTheLastTaskEndsAndNothingRunsThen() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      List<Boolean> busyWhenTold = new java.util.concurrent.CopyOnWriteArrayList<>();
      CountDownLatch told = new CountDownLatch(1);
      Coalescer[] coalescer = new Coalescer[1];
      coalescer[0] =
          new Coalescer(
              executor,
              () -> {
                busyWhenTold.add(coalescer[0].busy());
                told.countDown();
              });
      CountDownLatch release = new CountDownLatch(1);
      coalescer[0].submit(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      assertThat(told.getCount()).as("not while it runs").isEqualTo(1);
      release.countDown();
      assertThat(told.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(busyWhenTold).containsExactly(false);
    } finally {
      executor.shutdownNow();
    }
  }
}
