package io.alloyfleet.cli;

import io.alloyfleet.check.AlloyChecker;
import io.alloyfleet.fleet.MemoryFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Measures what the performance targets talk about, on this machine: checking one rendered
 * config.alloy, and rendering fleets of growing size. Prints a Markdown table for
 * BENCHMARKS.md. Numbers are wall-clock on a warm JVM; run on a quiet machine.
 */
@Command(name = "bench", description = "Measure Alloy checking and fleet rendering; prints a Markdown table.")
public class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--clusters", split = ",", defaultValue = "100,1000", description = "Fleet sizes to render (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Inject
  RenderPipeline pipeline;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("| benchmark | size | result |");
    out.println("|---|---|---|");
    FleetRender one = pipeline.render(fleet(1));
    String config = one.rendered().get(0).configAlloy();
    checkAlloy(out, config);
    for (int size : sizes) {
      render(out, size);
    }
    out.flush();
    return 0;
  }

  private void checkAlloy(PrintWriter out, String config) {
    int bytes = config.getBytes(StandardCharsets.UTF_8).length;
    for (int i = 0; i < 5_000; i++) {
      AlloyChecker.check(config);
    }
    int runs = 20_000;
    long start = System.nanoTime();
    int errors = 0;
    for (int i = 0; i < runs; i++) {
      errors += AlloyChecker.check(config).size();
    }
    double micros = (System.nanoTime() - start) / 1_000.0 / runs;
    out.printf("| parse + check one rendered config.alloy | %.1f KB | %.1f µs per config (%d errors) |%n", bytes / 1024.0, micros, errors);
  }

  private void render(PrintWriter out, int size) {
    MemoryFiles files = fleet(size);
    pipeline.render(files);
    System.gc();
    long heapBefore = usedHeap();
    long start = System.nanoTime();
    FleetRender render = pipeline.render(files);
    double millis = (System.nanoTime() - start) / 1e6;
    long heapAfter = usedHeap();
    out.printf("| load + validate + render + check a fleet | %d clusters | %.0f ms (%.2f ms per cluster, %d files, heap grew ~%d MB) |%n",
        size, millis, millis / size, render.files().size(), Math.max(0, heapAfter - heapBefore) / (1024 * 1024));
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A synthetic fleet: three environments, clusters cycling through the example's patterns. */
  static MemoryFiles fleet(int size) {
    MemoryFiles files = new MemoryFiles()
        .with("fleet.yaml", "endpoints:\n  otlp:\n    url: https://otlp.example.com:4317\n")
        .with("environments/development.yaml", "logging:\n  minLevel: debug\n")
        .with("environments/staging.yaml", "")
        .with("environments/production.yaml", "deployment:\n  replicas: 2\nnetworkPolicy:\n  enabled: true\n");
    String[] environments = {"development", "staging", "production"};
    for (int i = 0; i < size; i++) {
      String env = environments[i % 3];
      String values = switch (i % 3) {
        case 0 -> "monitoring:\n  namespaces: [app-" + i + ", jobs-" + i + "]\n";
        case 1 -> "monitoring:\n  applicationOnly: false\nrbac:\n  scope: cluster\nhpa:\n  enabled: true\n  maxReplicas: 4\n";
        default -> "monitoring:\n  namespaces: [shop]\ntracing:\n  enabled: false\ncustomConfig: |\n  prometheus.exporter.unix \"node\" { }\n";
      };
      files.with("clusters/cluster-" + i + "/cluster.yaml", "cluster:\n  environment: " + env + "\n  region: r" + (i % 7) + "\ntenant:\n  id: team-" + (i % 11) + "\n" + values);
    }
    return files;
  }
}
