package io.alloyfleet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.pipeline.RenderPipeline;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jgit.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The benchmark suite: for each fleet size, a full sync into an empty rendered repo, a poll with no
 * change, a one-cluster change, the C git baseline, heap and RSS, and the render and check of one
 * cluster; medians over {@code --runs}. Real repositories in a temp directory.
 */
@Command(
    name = "bench",
    description = "Benchmark syncs of generated fleets against real Git repositories (medians).")
public class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--clusters",
      split = ",",
      defaultValue = "100,1000",
      description = "Fleet sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs per scenario; the median is reported (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--changes",
      defaultValue = "10",
      description =
          "One-cluster changes measured, after two warm-up ones (default: ${DEFAULT-VALUE}).")
  int changes;

  @Option(
      names = "--dir",
      description =
          "Where the repositories go (default: the system's temp directory; /dev/shm takes the disk out of the figures).")
  Path parent;

  @Option(
      names = "--json",
      description = "Print one JSON object per fleet size instead of a table.")
  boolean json;

  @Option(
      names = "--jmh",
      description =
          "Also run the JMH benchmarks of one cluster's render and check (in this process).")
  boolean jmh;

  @Option(
      names = "--jmh-iteration",
      defaultValue = "1s",
      description =
          "Length of each JMH warm-up and measurement iteration (default: ${DEFAULT-VALUE}).")
  String jmhIteration;

  @Option(
      names = "--signing-format",
      description = "Sign every rendered commit: ssh or openpgp (with --signing-key).")
  String signingFormat;

  @Option(
      names = "--signing-key",
      description = "The private key that signs (an OpenSSH key, an armored OpenPGP secret key).")
  Path signingKey;

  @Inject RenderPipeline pipeline;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir =
        parent == null
            ? Files.createTempDirectory("alloy-fleet-bench")
            : Files.createTempDirectory(parent, "alloy-fleet-bench");
    try {
      if (!json) {
        out.println("Every repository, and the C git baseline's work tree, in " + dir);
        out.println();
        out.println(
            "| clusters | full sync | no-change poll (CPU) | one-cluster change | one-group change (clusters) | rollout (waves) | one-cluster change during a rollout | one-cluster preview | preview command (AOT cache) | C git baseline | heap after sync | peak RSS | render one cluster | check one config |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
      }
      GitBench bench =
          new GitBench(
              pipeline,
              dir,
              signingFormat == null
                  ? java.util.Optional.empty()
                  : java.util.Optional.of(
                      io.alloyfleet.signing.CommitSigner.load(
                          io.alloyfleet.signing.SigningFormat.valueOf(
                              signingFormat.toUpperCase(java.util.Locale.ROOT)),
                          signingKey,
                          java.util.Optional.empty())));
      List<GitBench.Result> results = new java.util.ArrayList<>();
      for (int size : sizes) {
        GitBench.Result r = bench.run(size, runs, changes);
        results.add(r);
        if (json) {
          out.println(new ObjectMapper().writeValueAsString(r));
        } else {
          out.printf(
              "| %d | %d ms | %d ms (%.1f ms) | %d ms | %d ms (%d) | %d ms (%d) | %d ms | %d ms | %d ms (%d ms) | %d ms | %d MB | %d MB | %.2f ms | %.0f µs |%n",
              r.clusters(),
              r.fullSyncMs(),
              r.noChangePollMs(),
              r.noChangePollCpuMs(),
              r.oneClusterChangeMs(),
              r.oneGroupChangeMs(),
              r.oneGroupChangeClusters(),
              r.rolloutMs(),
              r.rolloutWaves(),
              r.oneClusterChangeDuringRolloutMs(),
              r.previewOneClusterMs(),
              r.previewCommandMs(),
              r.previewCommandAotMs(),
              r.gitBaselineMs(),
              r.heapAfterSyncMb(),
              r.peakRssMb(),
              r.renderOneClusterMs(),
              r.checkOneConfigUs());
        }
        out.flush();
      }
      if (!json) {
        stages(out, results);
      }
      if (jmh) {
        new JmhRun().run(out, jmhIteration, json);
      }
      return 0;
    } finally {
      delete(dir);
    }
  }

  /** Where the last full sync of each size spent its time: wall per stage, CPU per finer stage. */
  private static void stages(PrintWriter out, List<GitBench.Result> results) {
    out.println();
    out.println(
        "Where the last full sync's time went, wall (ms; load, render and check includes the rollout plan):");
    out.println();
    out.println("| clusters | " + String.join(" | ", FullSyncStages.WALL_STAGES) + " |");
    out.println("|---" + "|---".repeat(FullSyncStages.WALL_STAGES.size()) + "|");
    for (GitBench.Result r : results) {
      out.println(row(r.clusters(), FullSyncStages.WALL_STAGES, r.fullSyncStages().wallMs()));
    }
    out.println();
    out.println(
        "and CPU (ms of every thread, JFR samples every "
            + FullSyncStages.PERIOD.toMillis()
            + " ms; more than the wall time where stages run in parallel):");
    out.println();
    out.println("| clusters | " + String.join(" | ", FullSyncStages.CPU_STAGES) + " | samples |");
    out.println("|---" + "|---".repeat(FullSyncStages.CPU_STAGES.size() + 1) + "|");
    for (GitBench.Result r : results) {
      out.println(
          row(r.clusters(), FullSyncStages.CPU_STAGES, r.fullSyncStages().cpuMs())
              + " "
              + r.fullSyncStages().samples()
              + " |");
    }
    out.flush();
  }

  private static String row(int clusters, List<String> stages, java.util.Map<String, Long> ms) {
    StringBuilder row = new StringBuilder("| " + clusters + " |");
    for (String stage : stages) {
      row.append(' ').append(ms.getOrDefault(stage, -1L)).append(" |");
    }
    return row.toString();
  }

  /** Best effort: a temp directory left behind is not worth failing a benchmark for. */
  private static void delete(Path dir) {
    try {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
