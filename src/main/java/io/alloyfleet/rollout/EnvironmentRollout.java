package io.alloyfleet.rollout;

import static io.alloyfleet.rollout.RolloutState.ABORTED;
import static io.alloyfleet.rollout.RolloutState.COMPLETE;
import static io.alloyfleet.rollout.RolloutState.HALTED;
import static io.alloyfleet.rollout.RolloutState.IDLE;
import static io.alloyfleet.rollout.RolloutState.PAUSED;
import static io.alloyfleet.rollout.RolloutState.PROGRESSING;
import static io.alloyfleet.rollout.RolloutState.SOAKING;
import static io.alloyfleet.rollout.RolloutState.WAITING;

import io.alloyfleet.fleet.ClusterOutcome;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.rolloutspec.Rollout;
import io.alloyfleet.git.CommitId;
import io.alloyfleet.publish.ClusterMetadata;
import io.alloyfleet.publish.RenderedBranch;
import io.alloyfleet.publish.Staging;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One environment's rollout in one sync: where it stood (its branch's record), what changed (the
 * head's shared layers, an operator's request, the gates), where it stands now, and so which shared
 * layers each of its clusters renders with.
 */
final class EnvironmentRollout {

  private final String env;
  private final Rollout rollout;
  private final RolloutPlanner.Context context;
  private final Gates gates;
  private final Instant now;
  private final Map<SoakKey, Instant> healthySince;
  private final Optional<RolloutPlanner.Action> action;

  private final Optional<RenderedBranch> branch;
  private final Optional<RolloutRecord> before;
  private final String target;
  private final Set<String> pending;
  private final List<Waves.Wave> waves;
  private final Map<String, Integer> waveOf = new HashMap<>();
  private final List<ClusterSpec> specs;

  /** Rendered clusters of the environment now invalid: an empty wave may be theirs. */
  private final List<String> invalid;

  private Optional<RolloutRecord> next;
  private Optional<String> message = Optional.empty();
  private String waitReason = "";
  private List<RolloutStatus.Unhealthy> unhealthy = List.of();
  private final Map<String, RolloutStatus.ClusterRollout> clusters = new HashMap<>();
  private final Map<String, String> runs = new HashMap<>();

  EnvironmentRollout(
      String env,
      Rollout rollout,
      RolloutPlanner.Context context,
      Gates gates,
      Clock clock,
      Map<SoakKey, Instant> healthySince,
      RolloutPlanner.Action action) {
    this.env = env;
    this.rollout = rollout;
    this.context = context;
    this.gates = gates;
    this.now = clock.instant();
    this.healthySince = healthySince;
    this.action = Optional.ofNullable(action);
    this.branch = context.branch(env);
    this.before = context.record(env);
    this.target = context.target(env);
    this.pending = context.pending(env);
    this.specs = context.specs(env);
    this.invalid = context.invalid(env);
    SortedMap<String, Map<String, String>> labels = new TreeMap<>();
    specs.forEach(s -> labels.put(s.id(), s.values().cluster().labels()));
    List<Waves.Wave> byLabels = Waves.of(rollout, labels);
    for (int i = 0; i < byLabels.size(); i++) {
      for (String id : byLabels.get(i).clusters()) {
        waveOf.put(id, i);
      }
    }
    this.waves = fixedMembership(byLabels);
    this.next = before;
  }

  /**
   * The waves of a rollout under way keep the clusters they had when it started ({@code
   * rollout.json}'s membership): a cluster that edits its own labels does not move. A cluster new
   * since then takes the wave its labels give it (it starts on the rollout's previous layers); a
   * record without membership (written before it was kept) leaves the labels to decide.
   */
  private List<Waves.Wave> fixedMembership(List<Waves.Wave> byLabels) {
    Optional<RolloutRecord> running =
        before.filter(r -> r.targetLayers().equals(target) && r.state() != COMPLETE);
    if (running.isEmpty() || running.get().membership().isEmpty()) {
      return byLabels;
    }
    running
        .get()
        .membership()
        .forEach(
            (id, wave) -> {
              if (waveOf.containsKey(id)) {
                waveOf.put(id, Math.max(0, Math.min(wave, byLabels.size() - 1)));
              }
            });
    List<Waves.Wave> fixed = new ArrayList<>();
    for (int i = 0; i < byLabels.size(); i++) {
      int index = i;
      fixed.add(
          new Waves.Wave(
              byLabels.get(i).name(),
              waveOf.entrySet().stream()
                  .filter(e -> e.getValue() == index)
                  .map(Map.Entry::getKey)
                  .sorted()
                  .toList()));
    }
    return List.copyOf(fixed);
  }

  /** Where the rollout goes this sync; {@code waitingFor}: an earlier environment not done yet. */
  void decide(Optional<String> waitingFor) {
    boolean sameTarget = before.map(r -> r.targetLayers().equals(target)).orElse(false);
    if (!sameTarget) {
      if (pending.isEmpty()) {
        // Nothing waits for the head's shared layers (a revert, or a change no cluster renders).
        before
            .filter(r -> r.state() != COMPLETE)
            .ifPresent(
                r ->
                    write(
                        at(r, waves.size() - 1, COMPLETE, "").toward(context.head.id(), target),
                        "complete (no cluster waits for it)"));
      } else if (waitingFor.isPresent()) {
        waitReason =
            "waits for "
                + waitingFor.get()
                + " to complete "
                + CommitId.of(context.head.id()).shortForm();
      } else {
        String from =
            before
                .map(r -> r.state() == COMPLETE ? r.target() : r.from())
                .filter(f -> !f.isEmpty())
                .orElseGet(this::mostCommonPin);
        int first = nextWave(-1).orElse(0);
        write(
            new RolloutRecord(
                context.head.id(),
                target,
                from,
                first,
                waves.get(first).name(),
                PROGRESSING,
                "",
                now,
                before.map(RolloutRecord::halts).orElse(0),
                new TreeMap<>(waveOf)),
            "started: wave " + describeWave(first));
        waitReason = "wave " + waves.get(first).name() + " started; its gates are checked next";
      }
      return;
    }
    RolloutRecord record = before.get();
    action.ifPresent(a -> operate(record, a));
    RolloutRecord current = next.get();
    if (current.state() != PROGRESSING) {
      return;
    }
    if (waitingFor.isPresent()) {
      waitReason =
          "waits for "
              + waitingFor.get()
              + " to complete "
              + CommitId.of(current.target()).shortForm();
      return;
    }
    gate(current);
  }

  private void operate(RolloutRecord record, RolloutPlanner.Action action) {
    switch (action) {
      case PAUSE -> {
        if (record.state() == PROGRESSING) {
          write(at(record, record.wave(), PAUSED, "paused by an operator"), "paused");
        }
      }
      case RESUME -> {
        if (record.state() == PAUSED || record.state() == HALTED) {
          healthySince.remove(soakKey(record));
          write(
              at(record, record.wave(), PROGRESSING, ""),
              "resumed at wave " + describeWave(record.wave()));
        }
      }
      case ABORT -> {
        if (record.state() != COMPLETE && record.state() != ABORTED) {
          write(
              at(
                  record,
                  record.wave(),
                  ABORTED,
                  "aborted by an operator: the clusters that took "
                      + CommitId.of(record.target()).shortForm()
                      + " went back to "
                      + CommitId.of(record.from()).shortForm()),
              "aborted");
        }
      }
    }
  }

  /** The gates of the current wave: halt, wait, soak, or go on to the next wave. */
  private void gate(RolloutRecord record) {
    Waves.Wave wave = waves.get(Math.min(record.wave(), waves.size() - 1));
    Map<String, Health> health =
        wave.clusters().isEmpty()
            ? invalidHealth()
            : gates.check(
                rollout,
                branch.get(),
                specs.stream().filter(s -> wave.clusters().contains(s.id())).toList());
    WaveVerdict verdict = WaveVerdict.of(rollout, wave, health, record.since(), now);
    unhealthy = verdict.unhealthy();
    switch (verdict) {
      case WaveVerdict.Halt halt -> halt(record, halt.reason());
      case WaveVerdict.Wait wait -> {
        healthySince.remove(soakKey(record));
        waitReason = wait.reason();
      }
      case WaveVerdict.Healthy healthy -> soakThenAdvance(record, wave);
    }
  }

  /** A healthy wave soaks; once it has, the next wave with a cluster waiting starts. */
  private void soakThenAdvance(RolloutRecord record, Waves.Wave wave) {
    Instant healthy = healthySince.computeIfAbsent(soakKey(record), k -> now);
    if (Duration.between(healthy, now).compareTo(rollout.soak()) < 0) {
      waitReason =
          "wave "
              + wave.name()
              + " is healthy; soaking until "
              + healthy.plus(rollout.soak()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      return;
    }
    healthySince.remove(soakKey(record));
    Optional<Integer> following = nextWave(record.wave());
    if (following.isEmpty()) {
      write(at(record, waves.size() - 1, COMPLETE, ""), "complete");
    } else {
      write(at(record, following.get(), PROGRESSING, ""), "wave " + describeWave(following.get()));
      waitReason =
          "wave " + waves.get(following.get()).name() + " started; its gates are checked next";
    }
  }

  private void halt(RolloutRecord record, String reason) {
    write(
        at(record, record.wave(), HALTED, reason).withHalts(record.halts() + 1),
        "halted: " + reason);
  }

  /**
   * An empty wave is never healthy while clusters of the environment are invalid: it may be theirs
   * (a canary made invalid must not let the change past the canary). It waits for them, and halts
   * at its progress deadline.
   */
  private Map<String, Health> invalidHealth() {
    Map<String, Health> health = new TreeMap<>();
    invalid.forEach(
        id ->
            health.put(
                id,
                new Health.Waiting(
                    "invalid, so the wave it belongs to cannot be known; it holds the empty"
                        + " wave until it is valid")));
    return health;
  }

  /**
   * The next wave after {@code wave} that holds a cluster still waiting for the change, or that is
   * empty while clusters of the environment are invalid (it may be theirs).
   */
  private Optional<Integer> nextWave(int wave) {
    for (int i = wave + 1; i < waves.size(); i++) {
      if (waves.get(i).clusters().stream().anyMatch(pending::contains)
          || (waves.get(i).clusters().isEmpty() && !invalid.isEmpty())) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The commit most of the clusters waiting for the change run: what they roll from. */
  private String mostCommonPin() {
    return pending.stream()
        .map(id -> branch.get().clusters().get(id).sharedLayers())
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
        .entrySet()
        .stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(context.head.id());
  }

  private RolloutRecord at(RolloutRecord record, int wave, RolloutState state, String reason) {
    return new RolloutRecord(
        record.target(),
        record.targetLayers(),
        record.from(),
        wave,
        waves.get(Math.max(0, Math.min(wave, waves.size() - 1))).name(),
        state,
        reason,
        now,
        record.halts(),
        record.membership());
  }

  private void write(RolloutRecord record, String what) {
    next = Optional.of(record);
    message =
        Optional.of(
            "Rollout of " + CommitId.of(record.target()).shortForm() + " in " + env + ": " + what);
  }

  private String describeWave(int wave) {
    return (wave + 1) + "/" + waves.size() + " \"" + waves.get(wave).name() + "\"";
  }

  /**
   * Which shared layers each cluster of the environment renders with: the head's, those it runs
   * (its directory kept when its own files did not change either), or the previous rollout's.
   */
  void apply(
      Map<String, ClusterOutcome> outcomes,
      Set<String> keep,
      Map<String, Staging.Pin> pins,
      PinnedViews views) {
    int released = released();
    boolean aborted = sameTarget() && next.get().state() == ABORTED;
    Map<String, Set<String>> pinned = new TreeMap<>();
    for (ClusterSpec spec : specs) {
      String id = spec.id();
      ClusterMetadata metadata = branch.map(b -> b.clusters().get(id)).orElse(null);
      int wave = waveOf.getOrDefault(id, waves.size());
      if (metadata == null) {
        if (inProgress() && wave > released) {
          pinned.computeIfAbsent(next.get().from(), c -> new TreeSet<>()).add(id);
        }
      } else if (aborted && context.running(env, metadata).equals(target)) {
        pinned.computeIfAbsent(next.get().from(), c -> new TreeSet<>()).add(id);
      } else if (pending.contains(id) && wave > released) {
        if (metadata.clusterTree().equals(context.pin("", id).clusterTree())) {
          keep.add(id);
          runs.put(id, metadata.sharedLayers());
        } else {
          pinned.computeIfAbsent(metadata.sharedLayers(), c -> new TreeSet<>()).add(id);
        }
      }
    }
    pinned.forEach(
        (commit, ids) -> {
          Optional<Map<String, ClusterOutcome>> loaded = views.load(commit, context.files, ids);
          for (String id : ids) {
            ClusterOutcome outcome = loaded.map(l -> l.get(id)).orElse(null);
            ClusterMetadata metadata = branch.map(b -> b.clusters().get(id)).orElse(null);
            if (outcome != null) {
              outcomes.put(id, outcome);
              pins.put(id, context.pin(commit, id));
              runs.put(id, commit);
            } else if (metadata != null) {
              keep.add(id); // its shared layers' commit is gone from the source: nothing moves
              runs.put(id, metadata.sharedLayers());
            }
          }
        });
    for (ClusterSpec spec : specs) {
      String id = spec.id();
      String running = runs.getOrDefault(id, context.head.id());
      clusters.put(
          id,
          new RolloutStatus.ClusterRollout(
              waves
                  .get(Math.min(waveOf.getOrDefault(id, waves.size() - 1), waves.size() - 1))
                  .name(),
              running,
              runs.containsKey(id) && pending.contains(id)));
    }
  }

  private boolean sameTarget() {
    return next.map(r -> r.targetLayers().equals(target)).orElse(false);
  }

  private boolean inProgress() {
    return sameTarget() && next.get().state() != COMPLETE;
  }

  /** The last wave that has the head's shared layers; -1 when none has. */
  private int released() {
    if (!sameTarget()) {
      return pending.isEmpty() ? Integer.MAX_VALUE : -1;
    }
    return switch (next.get().state()) {
      case COMPLETE -> Integer.MAX_VALUE;
      case ABORTED -> -1;
      default -> next.get().wave();
    };
  }

  /** The record to write, when it changed. */
  Optional<RolloutRecord> record() {
    return next.equals(before) ? Optional.empty() : next;
  }

  Optional<String> message() {
    return record().isPresent() ? message : Optional.empty();
  }

  /** What this sync did to the rollout, read from the record before and the one written. */
  Optional<RolloutChange> change() {
    return record()
        .map(
            now -> {
              boolean same =
                  before.map(b -> b.targetLayers().equals(now.targetLayers())).orElse(false);
              RolloutChange.Kind kind =
                  switch (now.state()) {
                    case HALTED -> RolloutChange.Kind.HALTED;
                    case PAUSED -> RolloutChange.Kind.PAUSED;
                    case ABORTED -> RolloutChange.Kind.ABORTED;
                    case COMPLETE -> RolloutChange.Kind.COMPLETED;
                    case PROGRESSING, IDLE, SOAKING, WAITING ->
                        !same
                            ? RolloutChange.Kind.STARTED
                            : before.get().state() == PROGRESSING
                                ? RolloutChange.Kind.WAVE_ADVANCED
                                : RolloutChange.Kind.RESUMED;
                  };
              return new RolloutChange(
                  env,
                  kind,
                  now.target(),
                  now.from(),
                  now.waveName(),
                  now.reason(),
                  unhealthy,
                  message.orElse(""));
            });
  }

  Map<String, RolloutStatus.ClusterRollout> clusters() {
    return clusters;
  }

  /** Whether the next sync has to look again even if the source does not move. */
  boolean active() {
    RolloutState state = next.map(RolloutRecord::state).orElse(IDLE);
    return sameTarget() ? state == PROGRESSING : !pending.isEmpty();
  }

  RolloutStatus status() {
    long waiting = clusters.values().stream().filter(RolloutStatus.ClusterRollout::pending).count();
    if (next.isEmpty() || !sameTarget() && pending.isEmpty() && next.get().state() != COMPLETE) {
      return withWaves(RolloutStatus.idle(env, List.of()), IDLE, waitReason, (int) waiting);
    }
    RolloutRecord record = next.get();
    RolloutState state =
        !sameTarget()
            ? (pending.isEmpty() ? COMPLETE : IDLE)
            : switch (record.state()) {
              case ABORTED -> HALTED;
              case PROGRESSING -> healthySince.containsKey(soakKey(record)) ? SOAKING : PROGRESSING;
              default -> record.state();
            };
    String reason = waitReason.isEmpty() ? record.reason() : waitReason;
    int wave = Math.min(record.wave(), waves.size() - 1);
    List<RolloutStatus.WaveStatus> waveStatuses = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      RolloutState waveState =
          state == COMPLETE || i < wave ? COMPLETE : i == wave && state != IDLE ? state : WAITING;
      waveStatuses.add(
          new RolloutStatus.WaveStatus(waves.get(i).name(), waves.get(i).clusters(), waveState));
    }
    return new RolloutStatus(
        env,
        state,
        record.target(),
        record.from(),
        new RolloutStatus.WaveRef(wave, waves.get(wave).name()),
        waveStatuses,
        record.since().toString(),
        reason,
        unhealthy,
        (int) waiting);
  }

  private RolloutStatus withWaves(
      RolloutStatus idle, RolloutState state, String reason, int waiting) {
    List<RolloutStatus.WaveStatus> waveStatuses =
        waves.stream()
            .map(w -> new RolloutStatus.WaveStatus(w.name(), w.clusters(), state))
            .toList();
    return new RolloutStatus(
        env, state, "", "", idle.wave(), waveStatuses, "", reason, List.of(), waiting);
  }

  /** Which soak a healthy wave is in: one per environment, rollout target and wave. */
  record SoakKey(String environment, String targetLayers, int wave) {}

  private SoakKey soakKey(RolloutRecord record) {
    return new SoakKey(env, record.targetLayers(), record.wave());
  }
}
