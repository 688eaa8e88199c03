package io.alloyfleet.bench;

import io.alloyfleet.alloy.AlloyChecker;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import io.quarkus.arc.Arc;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: load, render and check one generated cluster, and check one rendered config.alloy. Run by
 * {@code bench --jmh} inside the app (no fork), where the render's templates exist.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RenderBenchmark {

  private RenderPipeline pipeline;
  private MemoryFiles oneCluster;
  private String config;

  @Setup
  public void setUp() {
    pipeline = Arc.container().instance(RenderPipeline.class).get();
    oneCluster = new MemoryFiles();
    FleetGenerator.generate(1, 7).forEach(oneCluster::with);
    config = pipeline.render(oneCluster).rendered().get(0).configAlloy();
  }

  @Benchmark
  public FleetRender loadRenderAndCheckOneCluster() {
    return pipeline.render(oneCluster);
  }

  @Benchmark
  public List<Problem> checkOneConfig() {
    return AlloyChecker.check(config);
  }
}
