package io.alloyfleet.bench;

import io.alloyfleet.feedback.GitHostReporter;
import io.alloyfleet.feedback.PreviewJob;
import io.alloyfleet.feedback.PullRequest;
import io.alloyfleet.feedback.PullRequestPreview;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.git.LocalCache;
import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.preview.PreviewBuilder;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.rollout.Gates;
import io.alloyfleet.rollout.Health;
import io.alloyfleet.source.FleetSource;
import io.alloyfleet.sync.Sync;
import io.alloyfleet.sync.SyncOutcome;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FileUtils;

/**
 * The sync scenarios of the benchmark, on real repositories in a temporary directory: a full sync
 * into an empty destination, a poll with no change, a one-cluster change, and the C git baseline
 * committing the same files.
 */
final class GitBench {

  /** Medians over the runs; times in milliseconds. */
  record Result(
      int clusters,
      long fullSyncMs,
      long noChangePollMs,
      double noChangePollCpuMs,
      long oneClusterChangeMs,
      long oneGroupChangeMs,
      int oneGroupChangeClusters,
      long rolloutMs,
      int rolloutWaves,
      long oneClusterChangeDuringRolloutMs,
      long previewOneClusterMs,
      long previewCommandMs,
      long previewCommandAotMs,
      long gitBaselineMs,
      long heapAfterSyncMb,
      long peakRssMb,
      double renderOneClusterMs,
      double checkOneConfigUs,
      FullSyncStages.Figures fullSyncStages,
      String dir) {}

  /**
   * One-cluster changes synced before those measured: the first runs code the full sync did not.
   */
  private static final int WARM_UP_CHANGES = 2;

  private final RenderPipeline pipeline;
  private final Path dir;
  private final java.util.Optional<io.alloyfleet.signing.CommitSigner> signer;

  GitBench(RenderPipeline pipeline, Path dir) {
    this(pipeline, dir, java.util.Optional.empty());
  }

  /** Every rendered commit signed by {@code signer} (the cost of signing, A/B). */
  GitBench(
      RenderPipeline pipeline,
      Path dir,
      java.util.Optional<io.alloyfleet.signing.CommitSigner> signer) {
    this.pipeline = pipeline;
    this.dir = dir;
    this.signer = signer;
  }

  Result run(int clusters, int runs, int changes) throws Exception {
    FullSyncStages.resetPeakRss(); // each size's own peak
    SortedMap<String, String> fleet = FleetGenerator.generate(clusters, 42);
    Path work = dir.resolve("work-" + clusters);
    Path origin = dir.resolve("origin-" + clusters + ".git");
    bare(origin);
    write(work, fleet);
    run(work, "git", "init", "-q", "-b", "main");
    run(
        work, "git", "config", "gc.auto",
        "0"); // no repack of the team's clone in the background of a measurement
    run(work, "git", "remote", "add", "origin", origin.toString());
    commit(work, "Generate " + clusters + " clusters");

    List<Long> full = new ArrayList<>();
    Sync sync = null;
    Path baselineTree = dir.resolve("baseline-" + clusters);
    String oneConfig = null;
    FullSyncStages stages = new FullSyncStages();
    FullSyncStages.Figures stageFigures = FullSyncStages.Figures.NONE;
    for (int r = 0; r < runs; r++) {
      sync = sync(origin, r, clusters, Gates.OPEN, stages);
      // The last run is sampled by JFR too: where its time goes.
      FullSyncStages.Profile profile = r == runs - 1 ? stages.profile(dir) : null;
      stages.start();
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      if (!(sync.run() instanceof SyncOutcome.Synced)) {
        throw new IllegalStateException("a full sync did not sync");
      }
      full.add((System.nanoTime() - start) / 1_000_000);
      if (profile != null) {
        stageFigures = profile.stop();
      }
      System.err.println(
          "full sync "
              + clusters
              + " run "
              + r
              + ": "
              + full.get(r)
              + " ms, process CPU "
              + (processCpuNanos() - cpuStart) / 1_000_000
              + " ms");
    }
    // What the C git baseline commits: the same render, each cluster's files written as it is
    // checked (the sync no longer holds them: it writes each into its pack as it is checked).
    oneConfig = writeRender(baselineTree, fleet);
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);

    List<Long> noChange = new ArrayList<>();
    List<Double> noChangeCpu = new ArrayList<>();
    var threads = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < runs; r++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      if (!(sync.run() instanceof SyncOutcome.SourceUnchanged)) {
        throw new IllegalStateException("a poll without a change rendered something");
      }
      noChange.add((System.nanoTime() - start) / 1_000_000);
      noChangeCpu.add((threads.getCurrentThreadCpuTime() - cpu) / 1e6);
    }

    String changed =
        fleet.keySet().stream().filter(p -> p.startsWith("clusters/")).findFirst().orElseThrow();
    List<SyncOutcome.Synced> oneChange = new ArrayList<>();
    List<Long> oneChangeMs = oneClusterChanges(work, sync, changes, changed, fleet, 30, oneChange);
    if (oneChange.stream().anyMatch(s -> s.commits().size() != 1)) {
      throw new IllegalStateException("a one-cluster change did not make exactly one commit");
    }
    if (Boolean.getBoolean("bench.fullSyncOnly")) {
      // Only the full sync, one-cluster change and baseline (profiling the full sync).
      List<Long> baseline = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        baseline.add(gitBaseline(baselineTree));
        System.err.println("C git baseline " + clusters + " run " + r + ": " + baseline.get(r));
      }
      return new Result(
          clusters,
          median(full),
          median(noChange),
          medianDouble(noChangeCpu),
          median(oneChangeMs),
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          median(baseline),
          heap,
          peakRssMb(),
          0,
          0,
          stageFigures,
          dir.toString());
    }
    // One group file edited: only the clusters it matches (one in a hundred) render again.
    String[] levels = {"warn", "error", "info", "debug"};
    List<SyncOutcome.Synced> groupChange = new ArrayList<>();
    List<Long> groupChangeMs =
        changes(
            work,
            sync,
            changes,
            r -> {
              Files.writeString(
                  work.resolve(FleetGenerator.CANARY_GROUP),
                  FleetGenerator.canaryGroup(levels[(r + WARM_UP_CHANGES) % levels.length]));
              return "Change the canary group " + r;
            },
            groupChange);
    int groupClusters = groupChange.get(groupChange.size() - 1).render().rendered().size();
    RolloutFigures rollout = rollout(work, origin, clusters, changes, changed, fleet);
    PreviewFigures preview = preview(work, sync, changes, changed, fleet);

    List<Long> baseline = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      baseline.add(gitBaseline(baselineTree));
    }
    return new Result(
        clusters,
        median(full),
        median(noChange),
        medianDouble(noChangeCpu),
        median(oneChangeMs),
        median(groupChangeMs),
        groupClusters,
        rollout.totalMs(),
        rollout.waves(),
        rollout.oneClusterChangeMs(),
        preview.oneClusterMs(),
        preview.commandMs(),
        preview.commandAotMs(),
        median(baseline),
        heap,
        peakRssMb(),
        renderOneCluster(),
        checkOneConfig(oneConfig),
        stageFigures,
        dir.toString());
  }

  /** What a pull request's preview costs: in the controller, and as a CI job's process. */
  private record PreviewFigures(long oneClusterMs, long commandMs, long commandAotMs) {}

  /**
   * A one-cluster pull request previewed as the controller does it, from fetching its ref to the
   * commit status and the comment posted on a Git host that answers at once (medians after a first,
   * cold preview); and the {@code preview} command for it as a whole process, JVM start included
   * (-1 when this process was not started from a jar).
   */
  private PreviewFigures preview(
      Path work, Sync sync, int changes, String cluster, SortedMap<String, String> fleet)
      throws Exception {
    com.sun.net.httpserver.HttpServer host =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    host.createContext(
        "/",
        exchange -> {
          byte[] answer = (exchange.getRequestMethod().equals("GET") ? "[]" : "{}").getBytes();
          exchange.sendResponseHeaders(
              exchange.getRequestMethod().equals("GET") ? 200 : 201, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    host.start();
    try {
      PreviewJob job =
          new PreviewJob(
              sync.sourceView(),
              "",
              new PreviewBuilder(pipeline.withEmptyCaches(), 200),
              Optional.of(
                  new GitHostReporter(
                      GitHostReporter.Host.GITHUB,
                      URI.create("http://127.0.0.1:" + host.getAddress().getPort()),
                      "acme/fleet",
                      () -> "bench")),
              Optional.empty());
      List<Long> times = new ArrayList<>();
      String head = "";
      for (int r = -1; r < changes; r++) {
        Files.writeString(
            work.resolve(cluster),
            fleet.get(cluster) + "metrics:\n  scrapeInterval: " + (200 + r) + "s\n");
        head = propose(work, "refs/pull/1/head", "A pull request " + r);
        long start = System.nanoTime();
        PullRequestPreview preview = job.run(new PullRequest(1, head, "main", "refs/pull/1/head"));
        if (preview.error() != null || preview.summary().changed() != 1) {
          throw new IllegalStateException("a one-cluster pull request previewed as " + preview);
        }
        if (r >= 0) {
          times.add((System.nanoTime() - start) / 1_000_000);
        }
      }
      long plain = previewCommand(work, head, List.of());
      long aot = -1;
      if (plain >= 0 && Runtime.version().feature() >= 25) {
        // As the container image runs it: with a JDK AOT cache trained on a preview.
        Path cache = work.resolveSibling("preview.aot");
        previewCommand(work, head, List.of("-XX:AOTCacheOutput=" + cache));
        aot = previewCommand(work, head, List.of("-XX:AOTCache=" + cache));
      }
      return new PreviewFigures(median(times), plain, aot);
    } finally {
      host.stop(0);
    }
  }

  /** Commits the work tree's change to {@code ref} of the origin, not main; back to main. */
  private static String propose(Path work, String ref, String message) throws Exception {
    commitOnly(work, message);
    run(work, "git", "push", "-q", "-f", "origin", "HEAD:" + ref);
    String head = output(work, "git", "rev-parse", "HEAD");
    run(work, "git", "reset", "-q", "--hard", "HEAD~1");
    return head;
  }

  /** The preview command run as a CI job would run it, in a process of its own. */
  private static long previewCommand(Path work, String head, List<String> jvmOptions)
      throws Exception {
    ProcessHandle.Info self = ProcessHandle.current().info();
    List<String> arguments = List.of(self.arguments().orElse(new String[0]));
    int bench = arguments.indexOf("bench");
    if (self.command().isEmpty() || bench < 0 || !arguments.contains("-jar")) {
      return -1;
    }
    List<String> command = new ArrayList<>();
    command.add(self.command().get());
    command.addAll(jvmOptions);
    command.addAll(arguments.subList(0, bench));
    command.addAll(List.of("preview", "--repo", work.toString(), "--base", "main", "--head", head));
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true)
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("the preview command failed: " + command);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** What a rollout costs the controller. */
  private record RolloutFigures(long totalMs, int waves, long oneClusterChangeMs) {}

  /** Ten waves: the canaries, eight of a tenth of the rest each, then the rest. */
  static final String TEN_WAVES =
      """
      rollout:
        waves:
          - {name: canary, selector: {ring: canary}}
          - {name: w1, percent: 10}
          - {name: w2, percent: 10}
          - {name: w3, percent: 10}
          - {name: w4, percent: 10}
          - {name: w5, percent: 10}
          - {name: w6, percent: 10}
          - {name: w7, percent: 10}
          - {name: w8, percent: 10}
          - {name: rest}
        soak: 0s
        gates: {argocd: false}
      """;

  /**
   * A fleet-wide change rolled out in ten waves, the gates answering at once and no soak: the sum
   * of the syncs' times from the commit to the last wave; and, while the first wave is held by its
   * gate, a one-cluster change (median).
   */
  private RolloutFigures rollout(
      Path work,
      Path origin,
      int clusters,
      int changes,
      String changed,
      SortedMap<String, String> fleet)
      throws Exception {
    java.util.concurrent.atomic.AtomicBoolean hold =
        new java.util.concurrent.atomic.AtomicBoolean();
    Gates gates =
        (rollout, branch, specs) -> {
          java.util.Map<String, Health> health = new java.util.TreeMap<>();
          specs.forEach(
              s -> health.put(s.id(), hold.get() ? new Health.Waiting("held") : Health.HEALTHY));
          return health;
        };
    Sync sync = sync(origin, 1000 + clusters, clusters, gates);
    Files.writeString(work.resolve("fleet.yaml"), fleet.get("fleet.yaml") + TEN_WAVES);
    commit(work, "Roll out in ten waves");
    sync.run();
    hold.set(true);
    Files.writeString(
        work.resolve("fleet.yaml"),
        fleet.get("fleet.yaml") + "metrics:\n  scrapeInterval: 45s\n" + TEN_WAVES);
    commit(work, "A fleet-wide change");
    long total = timed(sync);
    List<Long> oneChange =
        oneClusterChanges(work, sync, changes, changed, fleet, 60, new ArrayList<>());
    hold.set(false);
    int syncs = 0;
    while (sync.rollouts().last().statuses().values().stream()
        .anyMatch(
            s ->
                s.state() != io.alloyfleet.rollout.RolloutState.COMPLETE
                    && s.state() != io.alloyfleet.rollout.RolloutState.IDLE)) {
      if (++syncs > 100) {
        throw new IllegalStateException("the rollout did not complete in 100 syncs");
      }
      total += timed(sync);
    }
    int waves =
        sync.rollouts().last().statuses().values().stream()
            .mapToInt(s -> s.waves().size())
            .max()
            .orElse(0);
    return new RolloutFigures(total, waves, median(oneChange));
  }

  private static long timed(Sync sync) throws InterruptedException {
    long start = System.nanoTime();
    SyncOutcome outcome = sync.run();
    if (outcome instanceof SyncOutcome.Failed failed) {
      throw new IllegalStateException("a rollout sync failed: " + failed.error());
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * One cluster's scrape interval changed and synced, {@code firstSeconds} and up: see {@link
   * #changes}.
   */
  private static List<Long> oneClusterChanges(
      Path work,
      Sync sync,
      int changes,
      String cluster,
      SortedMap<String, String> fleet,
      int firstSeconds,
      List<SyncOutcome.Synced> outcomes)
      throws Exception {
    return changes(
        work,
        sync,
        changes,
        r -> {
          Files.writeString(
              work.resolve(cluster),
              fleet.get(cluster) + "metrics:\n  scrapeInterval: " + (firstSeconds + r) + "s\n");
          return "Change one cluster " + r;
        },
        outcomes);
  }

  /** An edit to the fleet, committed by the team, that makes the commit message. */
  private interface Edit {
    String apply(int round) throws IOException;
  }

  /**
   * Commits {@code edit} and syncs it, {@code WARM_UP_CHANGES} times unmeasured, then {@code
   * changes} times measured: the sync times, and each measured outcome in {@code outcomes}.
   */
  private static List<Long> changes(
      Path work, Sync sync, int changes, Edit edit, List<SyncOutcome.Synced> outcomes)
      throws Exception {
    List<Long> times = new ArrayList<>();
    for (int r = -WARM_UP_CHANGES; r < changes; r++) {
      commit(work, edit.apply(r));
      long start = System.nanoTime();
      SyncOutcome outcome = sync.run();
      if (!(outcome instanceof SyncOutcome.Synced synced)) {
        throw new IllegalStateException("a change did not sync: " + outcome);
      }
      if (r >= 0) {
        times.add((System.nanoTime() - start) / 1_000_000);
        outcomes.add(synced);
      }
    }
    return times;
  }

  private Sync sync(Path origin, int run, int clusters) throws Exception {
    return sync(origin, run, clusters, Gates.OPEN);
  }

  private Sync sync(Path origin, int run, int clusters, Gates gates) throws Exception {
    return sync(origin, run, clusters, gates, null);
  }

  /** A sync whose stages {@code stages} times, when not null. */
  private Sync sync(Path origin, int run, int clusters, Gates gates, FullSyncStages stages)
      throws Exception {
    Path destination = dir.resolve("rendered-" + clusters + "-" + run + ".git");
    bare(destination);
    Repository cache = LocalCache.open(dir.resolve("cache-" + clusters + "-" + run + ".git"));
    String originUrl = origin.toUri().toString();
    String destinationUrl = destination.toUri().toString();
    FleetSource source =
        new FleetSource(cache, RemoteAccess.anonymous(originUrl, dir.resolve("ssh")), "main", "");
    BranchPublisher publisher =
        new BranchPublisher(
            cache,
            RemoteAccess.anonymous(destinationUrl, dir.resolve("ssh")),
            "rendered/{environment}",
            originUrl,
            signer);
    // A pipeline of its own: each full sync starts with cold caches, as a service does at start.
    return new Sync(
        source,
        stages == null ? publisher : stages.timing(publisher),
        pipeline.withEmptyCaches(),
        Duration.ofMillis(100),
        gates,
        java.time.Clock.systemUTC());
  }

  /**
   * A bare repository standing for a Git host. It is served in this process (JGit's {@code file://}
   * transport), so the host's work of answering fetches and indexing pushes is measured as ours;
   * its repacks after a push (JGit repacks in the background past Git's limits) are turned off:
   * they are the host's housekeeping, not the controller's work.
   */
  private static void bare(Path path) throws Exception {
    try (Repository server =
        Git.init()
            .setBare(true)
            .setInitialBranch("main")
            .setDirectory(path.toFile())
            .call()
            .getRepository()) {
      server.getConfig().setBoolean("receive", null, "autogc", false);
      server.getConfig().save();
    }
  }

  /** The fleet's render written to {@code root} as FleetRender.files() lays it out; one config. */
  private String writeRender(Path root, SortedMap<String, String> fleet) throws IOException {
    MemoryFiles files = new MemoryFiles();
    fleet.forEach(files::with);
    RenderPipeline fresh = pipeline.withEmptyCaches();
    var loaded = fresh.load(files);
    String firstId = loaded.valid().get(0).id();
    String[] first = new String[1];
    var render =
        fresh.render(
            loaded,
            spec -> false,
            n ->
                (spec, cluster) -> {
                  try {
                    write(
                        root.resolve(cluster.environment()).resolve(cluster.id()), cluster.files());
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                  if (cluster.id().equals(firstId)) {
                    first[0] = cluster.configAlloy();
                  }
                  return cluster.withoutFiles();
                });
    write(root, render.files()); // the environments' files
    return first[0];
  }

  private static void write(Path root, SortedMap<String, String> files) throws IOException {
    for (var file : files.entrySet()) {
      Path target = root.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A team's change, committed and pushed to the fleet repo with the C git CLI: in its own process,
   * so its work (and garbage) does not land in the controller's measurements.
   */
  private static void commit(Path work, String message) throws Exception {
    commitOnly(work, message);
    run(work, "git", "push", "-q", "origin", "HEAD:refs/heads/main");
  }

  private static void commitOnly(Path work, String message) throws Exception {
    run(work, "git", "add", "-A");
    run(
        work,
        "git",
        "-c",
        "user.name=Bench",
        "-c",
        "user.email=bench@alloy-fleet.invalid",
        "commit",
        "-q",
        "-m",
        message);
  }

  /**
   * The same rendered files, already in a work tree under the bench's directory ({@code --dir}, as
   * every repository of the bench), committed by the C git CLI.
   */
  private long gitBaseline(Path work) throws Exception {
    FileUtils.delete(work.resolve(".git").toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    run(work, "git", "init", "-q");
    long start = System.nanoTime();
    run(work, "git", "-c", "gc.auto=0", "add", "-A");
    run(
        work,
        "git",
        "-c",
        "gc.auto=0",
        "-c",
        "user.name=Bench",
        "-c",
        "user.email=bench@alloy-fleet.invalid",
        "commit",
        "-q",
        "-m",
        "baseline");
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void run(Path dir, String... command) throws Exception {
    output(dir, command);
  }

  /** A command's output, trimmed; a failure throws with what it printed. */
  private static String output(Path dir, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output.strip();
  }

  private double renderOneCluster() {
    MemoryFiles one = new MemoryFiles();
    FleetGenerator.generate(1, 7).forEach(one::with);
    for (int i = 0; i < 300; i++) {
      pipeline.render(one);
    }
    int runs = 1000;
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      pipeline.render(one);
    }
    return (System.nanoTime() - start) / 1e6 / runs;
  }

  private static double checkOneConfig(String config) {
    for (int i = 0; i < 3000; i++) {
      io.alloyfleet.alloy.AlloyChecker.check(config);
    }
    int runs = 10_000;
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      io.alloyfleet.alloy.AlloyChecker.check(config);
    }
    return (System.nanoTime() - start) / 1e3 / runs;
  }

  /** CPU time of this whole process (every thread, the in-process Git host's and GC's too). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static double medianDouble(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
