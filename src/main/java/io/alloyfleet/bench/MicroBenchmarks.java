package io.alloyfleet.bench;

import java.io.PrintWriter;

/**
 * The JMH benchmarks of one cluster's render and check. JMH is a test dependency, not part of what
 * ships: the implementation lives with the tests and is present when the app runs from the build's
 * test class path ({@code ./mvnw test -Dtest=JmhBench -Djmh=true}).
 */
public interface MicroBenchmarks {

  /**
   * Runs the benchmarks with iterations of {@code iteration} (e.g. {@code 1s}), printing each
   * score.
   */
  void run(PrintWriter out, String iteration, boolean json) throws Exception;
}
