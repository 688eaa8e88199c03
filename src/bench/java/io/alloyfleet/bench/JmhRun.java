package io.alloyfleet.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link RenderBenchmark} with JMH in this process (no fork: the benchmark needs the running
 * app's beans): 3 warm-up and 5 measured iterations, and prints each score with its error.
 */
final class JmhRun {

  /** One benchmark's result: the average time per operation and its 99.9% error. */
  record Score(String benchmark, double score, double error, String unit) {}

  void run(PrintWriter out, String iteration, boolean json)
      throws RunnerException, JsonProcessingException {
    TimeValue time = TimeValue.fromString(iteration);
    Options options =
        new OptionsBuilder()
            .include(java.util.regex.Pattern.quote(RenderBenchmark.class.getName() + "."))
            .forks(0)
            .warmupIterations(3)
            .warmupTime(time)
            .measurementIterations(5)
            .measurementTime(time)
            .verbosity(VerboseMode.SILENT)
            .shouldFailOnError(true)
            .build();
    List<Score> scores = new ArrayList<>();
    for (RunResult result : new Runner(options).run()) {
      var primary = result.getPrimaryResult();
      String name = result.getParams().getBenchmark();
      scores.add(
          new Score(
              name.substring(name.lastIndexOf('.') + 1),
              primary.getScore(),
              primary.getScoreError(),
              primary.getScoreUnit()));
    }
    if (json) {
      for (Score score : scores) {
        out.println(new ObjectMapper().writeValueAsString(score));
      }
    } else {
      out.println();
      out.println(
          "| JMH benchmark (average time, 5 iterations of "
              + time
              + ", no fork) | score | error (99.9%) |");
      out.println("|---|---|---|");
      scores.forEach(
          s ->
              out.printf(
                  "| %s | %.1f %s | ± %.1f |%n", s.benchmark(), s.score(), s.unit(), s.error()));
    }
    out.flush();
  }
}
