package io.alloyfleet.sync;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The retry after a failed sync: at most one is ever pending. A failure while one waits (a poll or
 * a webhook ran in between and failed too) does not add another, so a source that keeps failing
 * costs one attempt per backoff, not one more per failure.
 */
final class RetrySchedule {

  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> pending;

  RetrySchedule(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** 1 s, 2 s, 4 s … after consecutive failures, up to the poll interval, and there it stays. */
  static Duration backoff(int failures, Duration pollInterval) {
    long millis = 1000L << Math.min(Math.max(failures, 1) - 1, 16);
    return Duration.ofMillis(Math.min(pollInterval.toMillis(), millis));
  }

  /**
   * Schedules {@code retry} after {@code delay}, unless a retry is already pending; true when
   * scheduled.
   */
  synchronized boolean schedule(Duration delay, Runnable retry) {
    if (pending != null && !pending.isDone()) {
      return false;
    }
    pending = executor.schedule(retry, delay.toMillis(), TimeUnit.MILLISECONDS);
    return true;
  }

  /** A sync succeeded: the pending retry is not needed. */
  synchronized void cancel() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  synchronized boolean isPending() {
    return pending != null && !pending.isDone();
  }
}
