package io.alloyfleet.bench;

import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.publish.Destination;
import io.alloyfleet.publish.PublishException;
import io.alloyfleet.publish.PublishOutcome;
import io.alloyfleet.publish.Publisher;
import io.alloyfleet.publish.RenderedBranch;
import io.alloyfleet.publish.Staging;
import io.alloyfleet.signing.SigningKey;
import io.alloyfleet.source.SourceCommit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a full sync's time goes, measured from the bench's side only: the wall time of the sync's
 * stages, from the sync's listener and a publisher that times the real one; and the CPU of the
 * finer stages (load, merge, validate, render, check, hash, tree build, pack write, push), from
 * JFR's execution samples of every thread, each sample put in a stage by the classes on its stack.
 */
final class FullSyncStages {

  /** JFR's sampling period: each sample stands for this much of one thread's time. */
  static final Duration PERIOD = Duration.ofMillis(10);

  /** The stages a sample can fall in, in the order they are reported. */
  static final List<String> CPU_STAGES =
      List.of(
          "fetch",
          "load",
          "merge",
          "validate",
          "rollout",
          "render",
          "check",
          "hash",
          "tree build",
          "pack write",
          "push",
          "other");

  /** The wall stages, in order. */
  static final List<String> WALL_STAGES =
      List.of(
          "poll and fetch source", "fetch rendered branches", "load, render and check", "publish");

  /**
   * Wall milliseconds of each stage of {@link #WALL_STAGES} ("load, render and check" includes the
   * rollout plan); sampled CPU milliseconds of each stage of {@link #CPU_STAGES}, summed over
   * threads (so more than the wall time where work runs in parallel); and the samples counted.
   */
  record Figures(Map<String, Long> wallMs, Map<String, Long> cpuMs, int samples) {
    static final Figures NONE = new Figures(Map.of(), Map.of(), 0);
  }

  private volatile Instant fetchStartedAt = Instant.MIN;
  private volatile Instant fetchedAt = Instant.MIN;
  private volatile long started;
  private volatile long fetchStarted;
  private volatile long fetched;
  private volatile long publishStarted;
  private volatile long published;

  /** The sync is about to run. */
  void start() {
    started = System.nanoTime();
    fetchStarted = fetched = publishStarted = published = 0;
    fetchStartedAt = fetchedAt = Instant.MIN;
  }

  /** {@code publisher}, timed. */
  Publisher timing(Publisher publisher) {
    return new Publisher() {
      @Override
      public String destinationUrl() {
        return publisher.destinationUrl();
      }

      @Override
      public Optional<SigningKey> signingKey() {
        return publisher.signingKey();
      }

      @Override
      public Destination fetch() throws PublishException {
        fetchStarted = System.nanoTime();
        fetchStartedAt = Instant.now();
        try {
          return publisher.fetch();
        } finally {
          fetched = System.nanoTime();
          fetchedAt = Instant.now();
        }
      }

      @Override
      public PublishOutcome publish(
          SourceCommit source, FleetRender render, Destination state, Staging staging)
          throws PublishException {
        publishStarted = System.nanoTime();
        try {
          return publisher.publish(source, render, state, staging);
        } finally {
          published = System.nanoTime();
        }
      }

      @Override
      public io.alloyfleet.pipeline.RenderPipeline.Sink sink(
          SourceCommit source, io.alloyfleet.publish.Staging staging, int clusters) {
        return publisher.sink(source, staging, clusters);
      }

      @Override
      public Destination current() throws PublishException {
        return publisher.current();
      }

      @Override
      public java.util.Optional<String> read(
          io.alloyfleet.publish.RenderedBranch branch, String path) throws java.io.IOException {
        return publisher.read(branch, path);
      }

      @Override
      public boolean holds(String revision, RenderedBranch branch, String cluster) {
        return publisher.holds(revision, branch, cluster);
      }
    };
  }

  /** The wall times of the sync last run (after {@link #start()}); -1 for a stage not reached. */
  Map<String, Long> wallMs() {
    Map<String, Long> wall = new LinkedHashMap<>();
    // The sync reads the rendered branches right after the source: the poll and fetch end where
    // that read starts, and loading, rendering and checking fill the time until publishing.
    wall.put(WALL_STAGES.get(0), ms(started, fetchStarted));
    wall.put(WALL_STAGES.get(1), ms(fetchStarted, fetched));
    wall.put(WALL_STAGES.get(2), ms(fetched, publishStarted));
    wall.put(WALL_STAGES.get(3), ms(publishStarted, published));
    return wall;
  }

  private static long ms(long from, long to) {
    return from == 0 || to == 0 ? -1 : (to - from) / 1_000_000;
  }

  /**
   * Starts sampling every thread with JFR, for one full sync (then {@link #start()} and run it);
   * the samples are dumped under {@code dir} (so {@code --dir} holds), read and removed.
   */
  Profile profile(Path dir) {
    return new Profile(dir);
  }

  /** A JFR recording of one full sync. */
  final class Profile {
    private final Path dump;
    private final Recording recording = new Recording();
    private final Instant from;

    private Profile(Path dir) {
      dump = dir.resolve("full-sync.jfr");
      recording.enable("jdk.ExecutionSample").withPeriod(PERIOD);
      recording.enable("jdk.NativeMethodSample").withPeriod(PERIOD);
      recording.setToDisk(false);
      recording.start();
      from = Instant.now();
    }

    /** Stops sampling: where the sync's time went. */
    Figures stop() throws IOException {
      Instant to = Instant.now();
      try (recording) {
        recording.dump(dump); // an in-memory recording has nothing to dump once stopped
      }
      Map<String, Long> samples = new LinkedHashMap<>();
      CPU_STAGES.forEach(s -> samples.put(s, 0L));
      int counted = 0;
      try {
        for (RecordedEvent event : RecordingFile.readAllEvents(dump)) {
          Instant at = event.getStartTime();
          if (at.isBefore(from) || at.isAfter(to) || event.getStackTrace() == null) {
            continue;
          }
          List<String> classes =
              event.getStackTrace().getFrames().stream()
                  .map(RecordedFrame::getMethod)
                  .map(m -> m.getType().getName())
                  .toList();
          if (event.getEventType().getName().equals("jdk.NativeMethodSample") && !ours(classes)) {
            continue; // a thread idle in native code (an event loop's poll), not the sync's work
          }
          boolean fetching = at.isBefore(fetchedAt);
          samples.merge(fetching ? "fetch" : stage(classes), 1L, Long::sum);
          counted++;
        }
      } finally {
        Files.deleteIfExists(dump);
      }
      Map<String, Long> cpu = new LinkedHashMap<>();
      samples.forEach((stage, n) -> cpu.put(stage, n * PERIOD.toMillis()));
      return new Figures(wallMs(), cpu, counted);
    }
  }

  private static boolean ours(List<String> classes) {
    return classes.stream()
        .anyMatch(
            c ->
                c.startsWith("io.alloyfleet.")
                    || c.startsWith("org.eclipse.jgit.")
                    || c.startsWith("java.util.zip."));
  }

  /**
   * The stage a sample's stack (leaf first) is in. Transport first (a push writes and hashes packs
   * too), then the innermost kinds of work, then the stage that called them. Matched by package
   * prefixes and simple class names, so classes moving between packages keep their stage.
   */
  static String stage(List<String> classes) {
    if (any(classes, FETCH)) {
      return "fetch";
    }
    if (any(classes, PUSH)) {
      return "push";
    }
    if (any(classes, HASH)) {
      return "hash";
    }
    if (any(classes, PACK)) {
      return "pack write";
    }
    if (any(classes, TREE)) {
      return "tree build";
    }
    if (any(classes, CHECK)) {
      return "check";
    }
    if (any(classes, RENDER)) {
      return "render";
    }
    if (any(classes, VALIDATE)) {
      return "validate";
    }
    if (any(classes, MERGE)) {
      return "merge";
    }
    if (any(classes, ROLLOUT)) {
      return "rollout";
    }
    if (any(classes, LOAD)) {
      return "load";
    }
    return "other";
  }

  private static final List<String> FETCH =
      List.of(
          ".FetchProcess",
          ".BasePackFetchConnection",
          ".UploadPack",
          ".FetchCommand",
          ".LsRemoteCommand");
  private static final List<String> PUSH =
      List.of(
          ".PushProcess",
          ".BasePackPushConnection",
          ".ReceivePack",
          ".BaseReceivePack",
          ".PackParser",
          ".ObjectDirectoryPackParser",
          ".BranchPush",
          ".PushCommand");
  private static final List<String> HASH =
      List.of(
          "sun.security.provider.",
          "java.security.MessageDigest",
          "org.eclipse.jgit.util.sha1.",
          "org.apache.commons.codec.digest.",
          ".RenderHash");
  private static final List<String> PACK =
      List.of(
          "java.util.zip.Deflater",
          ".BulkInserter",
          ".PackInserter",
          ".ObjectDirectoryInserter",
          ".PackWriter");
  private static final List<String> TREE =
      List.of("io.alloyfleet.publish.", ".TreeFormatter", ".DirCache", ".CommitBuilder");
  private static final List<String> CHECK =
      List.of("io.alloyfleet.check.", "io.alloyfleet.alloy.", "com.google.re2j.");
  private static final List<String> RENDER = List.of("io.alloyfleet.render.", "io.quarkus.qute.");
  private static final List<String> VALIDATE =
      List.of(
          "io.alloyfleet.fleet.values.",
          "io.alloyfleet.fleet.policy.",
          ".ValuesSchema",
          ".Formats",
          ".Policy",
          ".PolicyRules",
          ".ClusterRules",
          ".AlloyPolicy",
          ".Hosts");
  private static final List<String> MERGE =
      List.of(
          "io.alloyfleet.fleet.layers.",
          ".LayerStack",
          ".Layers",
          ".Group",
          ".GroupReader",
          ".SharedLayers",
          ".LayerVersions");
  private static final List<String> ROLLOUT = List.of("io.alloyfleet.rollout.");
  private static final List<String> LOAD =
      List.of("io.alloyfleet.fleet.", "io.alloyfleet.source.", "org.yaml.snakeyaml.");

  /** Whether a class is named by a pattern: a package prefix, or {@code .Simple} (with nested). */
  private static boolean any(List<String> classes, List<String> patterns) {
    for (String name : classes) {
      for (String pattern : patterns) {
        if (pattern.startsWith(".")) {
          String simple = name.substring(name.lastIndexOf('.') + 1);
          int nested = simple.indexOf('$');
          if (("." + (nested < 0 ? simple : simple.substring(0, nested))).equals(pattern)) {
            return true;
          }
        } else if (name.startsWith(pattern)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Starts a new peak RSS ({@code VmHWM}) for this process, where Linux allows it. */
  static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not allowed: the peak is then the process's since its start.
    }
  }
}
