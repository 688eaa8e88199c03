package io.alloyfleet.sync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Folds requests together: on one thread, at most one task runs and at most one more waits; a
 * request that arrives while one is already waiting is answered by that one.
 */
final class Coalescer {

  private final ExecutorService executor;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean();
  private final java.util.Queue<Future<?>> futures =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** Told after each change that may leave nothing running or waiting. */
  private final Runnable changed;

  Coalescer(ExecutorService executor) {
    this(executor, () -> {});
  }

  Coalescer(ExecutorService executor, Runnable changed) {
    this.executor = executor;
    this.changed = changed;
  }

  /** Queues the task unless one is already waiting; false when folded into the waiting one. */
  boolean submit(Runnable task) {
    if (!queued.compareAndSet(false, true)) {
      return false;
    }
    futures.removeIf(Future::isDone);
    futures.add(
        executor.submit(
            () -> {
              running.set(true);
              queued.set(false);
              try {
                task.run();
              } finally {
                running.set(false);
                changed.run();
              }
            }));
    return true;
  }

  /** True while a task runs or waits. */
  boolean busy() {
    return queued.get() || running.get();
  }

  /** Stops the running task (interrupting it) and forgets the waiting one. */
  void cancel() {
    futures.forEach(f -> f.cancel(true));
    futures.clear();
    queued.set(false);
    changed.run();
  }
}
