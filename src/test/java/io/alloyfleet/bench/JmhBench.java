package io.alloyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The full JMH run of BENCHMARKS.md, from the build (JMH is not in the shipped jar): {@code ./mvnw
 * test -Dtest=JmhBench -Djmh=true}. Off in the normal test run; BenchSmokeTest checks that it
 * works.
 */
@QuarkusMainTest
@EnabledIfSystemProperty(named = "jmh", matches = "true")
class JmhBench {

  @Test
  void renderAndCheckOneCluster(QuarkusMainLauncher launcher) {
    LaunchResult result =
        launcher.launch(
            "bench",
            "--clusters",
            "100",
            "--runs",
            "1",
            "--jmh",
            "--jmh-iteration",
            System.getProperty("jmh.iteration", "1s"));
    System.out.println(result.getOutput());
    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
  }
}
