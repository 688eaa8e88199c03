package io.alloyfleet.rollout;

import io.alloyfleet.fleet.ClusterOutcome;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.FleetLayout;
import io.alloyfleet.fleet.rolloutspec.Rollout;
import io.alloyfleet.fleet.rolloutspec.Rollouts;
import io.alloyfleet.publish.Destination;
import io.alloyfleet.publish.RenderedBranch;
import io.alloyfleet.publish.Staging;
import io.alloyfleet.render.RendererVersion;
import io.alloyfleet.source.SourceCommit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Decides, on each sync, which shared layers each cluster renders with. A change of the shared
 * layers (fleet.yaml, an environment file, a group, the renderer) reaches an environment's clusters
 * wave by wave, each gated on health; a change of a cluster's own directory goes out at once,
 * rendered with the shared layers the cluster runs. Everything it needs is on the rendered branches
 * (each cluster's metadata names the commit of its shared layers; {@code rollout.json} the rollout)
 * and in what the gates answer: only a soak's start lives in memory, so a failover may soak again,
 * never less.
 */
public final class RolloutPlanner {

  private static final Logger LOG = Logger.getLogger(RolloutPlanner.class);

  /** What an operator asks of an environment's rollout. */
  public enum Action {
    PAUSE,
    RESUME,
    ABORT
  }

  /**
   * One sync's decision: the fleet to render (some clusters loaded with older shared layers), the
   * clusters whose directory stays as it is, what the publish records, where each rollout stands,
   * and what this sync changed in them (true once the publish went through).
   */
  public record Plan(
      Fleet fleet,
      Set<String> keep,
      Staging staging,
      Map<String, RolloutStatus> statuses,
      Map<String, RolloutStatus.ClusterRollout> clusters,
      boolean active,
      List<RolloutChange> changes) {}

  private final Gates gates;
  private final Clock clock;
  private final PinnedViews views;
  private final Map<EnvironmentRollout.SoakKey, java.time.Instant> healthySince =
      new ConcurrentHashMap<>();

  /**
   * Per environment, a damaged {@code rollout.json} this replica has seen and when it first saw it:
   * the time its unreadable {@code since} stands for, until the record is written again.
   */
  private final Map<String, Damaged> damaged = new ConcurrentHashMap<>();

  private record Damaged(String text, java.time.Instant firstSeen) {}

  private final Map<String, Action> requests = new ConcurrentHashMap<>();
  private volatile Plan last =
      new Plan(new Fleet(List.of()), Set.of(), Staging.NONE, Map.of(), Map.of(), false, List.of());

  public RolloutPlanner(
      Gates gates, Clock clock, Function<String, Optional<FleetFiles>> sharedLayersAt) {
    this.gates = gates;
    this.clock = clock;
    this.views = new PinnedViews(sharedLayersAt);
  }

  /** Asks for an action on the next sync; replaces one not yet taken. */
  public void request(String environment, Action action) {
    requests.put(environment, action);
  }

  /** The last plan: where each rollout stands. */
  public Plan last() {
    return last;
  }

  /**
   * Whether the next sync has work even if the source has not moved: a rollout to advance, or an
   * operator's request.
   */
  public boolean active() {
    return last.active() || !requests.isEmpty();
  }

  /**
   * {@code full}: the whole fleet at {@code head} (an environment's predecessors may be led by
   * another replica); {@code owned}: the environments this replica renders; {@code branches}: every
   * rendered branch.
   */
  public Plan plan(
      SourceCommit head,
      FleetFiles files,
      Fleet full,
      Predicate<String> owned,
      Destination branches) {
    Fleet fleet = full.only(owned);
    Rollouts rollouts = full.rollouts();
    Context context = new Context(head, files, full, branches);
    Map<String, ClusterOutcome> outcomes = new java.util.LinkedHashMap<>();
    fleet.clusters().forEach(c -> outcomes.put(c.id(), c));
    Set<String> keep = new HashSet<>();
    Map<String, Staging.Pin> pins = new HashMap<>();
    Map<String, Map<String, byte[]>> records = new HashMap<>();
    Map<String, String> messages = new HashMap<>();
    Map<String, RolloutStatus> statuses = new TreeMap<>();
    Map<String, RolloutStatus.ClusterRollout> clusters = new HashMap<>();
    boolean active = false;
    List<RolloutChange> changes = new ArrayList<>();
    for (ClusterSpec spec : fleet.valid()) {
      pins.put(spec.id(), context.pin(head.id(), spec.id()));
    }
    for (String env : fleet.environments()) {
      Optional<Rollout> rollout = rollouts.of(env);
      if (rollout.isEmpty()) {
        if (!rollouts.isEmpty()) {
          statuses.put(env, RolloutStatus.idle(env, List.of())); // every change at once
        }
        continue;
      }
      EnvironmentRollout decided =
          new EnvironmentRollout(
              env, rollout.get(), context, gates, clock, healthySince, requests.remove(env));
      decided.decide(waitingFor(rollouts, env, context));
      decided.apply(outcomes, keep, pins, views);
      decided.record().ifPresent(r -> records.put(env, Map.of(RolloutRecord.FILE, r.toJson())));
      decided.message().ifPresent(m -> messages.put(env, m));
      decided.change().ifPresent(changes::add);
      statuses.put(env, decided.status());
      clusters.putAll(decided.clusters());
      active |= decided.active();
    }
    Fleet planned =
        new Fleet(new ArrayList<>(outcomes.values()), fleet.warnings(), fleet.rollouts());
    last =
        new Plan(
            planned,
            keep,
            new Staging(pins, records, messages),
            statuses,
            clusters,
            active,
            List.copyOf(changes));
    return last;
  }

  /** The first environment before {@code env} in the order that has not completed the change. */
  private Optional<String> waitingFor(Rollouts rollouts, String env, Context context) {
    return rollouts.before(env).stream().filter(p -> !context.pending(p).isEmpty()).findFirst();
  }

  /** What every environment's decision reads: the head, its fleet, the branches. */
  final class Context {
    final SourceCommit head;
    final FleetFiles files;
    private final Fleet full;
    final Destination branches;
    private Map<String, List<ClusterSpec>> specs;
    private final Map<String, String> targets = new HashMap<>();
    private final Map<String, Set<String>> pending = new HashMap<>();

    Context(SourceCommit head, FleetFiles files, Fleet full, Destination branches) {
      this.head = head;
      this.files = files;
      this.full = full;
      this.branches = branches;
    }

    /** The valid clusters of {@code env} at the head (grouped once, when a rollout asks). */
    List<ClusterSpec> specs(String env) {
      if (specs == null) {
        specs = new HashMap<>();
        full.valid()
            .forEach(s -> specs.computeIfAbsent(s.environment(), e -> new ArrayList<>()).add(s));
      }
      return specs.getOrDefault(env, List.of());
    }

    /**
     * The invalid clusters of {@code env} that its branch holds: their labels cannot be read, so
     * the wave they belong to cannot be known.
     */
    List<String> invalid(String env) {
      Optional<RenderedBranch> branch = branch(env);
      return full.invalid().stream()
          .filter(i -> i.environment().map(env::equals).orElse(true))
          .map(ClusterOutcome.Invalid::id)
          .filter(id -> branch.map(b -> b.clusters().containsKey(id)).orElse(false))
          .sorted()
          .toList();
    }

    /** The version of {@code env}'s shared layers at the head, with the renderer's. */
    String target(String env) {
      return targets.computeIfAbsent(
          env, e -> FleetLoader.sharedLayersVersion(files, e) + "|" + RendererVersion.VERSION);
    }

    /** The version of the shared layers a rendered cluster runs, with its renderer's. */
    String running(String env, io.alloyfleet.publish.ClusterMetadata metadata) {
      return views.sharedLayers(metadata.sharedLayers(), env) + "|" + metadata.rendererVersion();
    }

    Optional<RenderedBranch> branch(String env) {
      return branches.branch(env);
    }

    /**
     * The rollout's record on {@code env}'s branch. A damaged one is logged once: unreadable, it is
     * no record; a {@code since} that is not a time stands for when this replica first saw it.
     */
    Optional<RolloutRecord> record(String env) {
      Optional<byte[]> file = branch(env).flatMap(b -> b.rootFile(RolloutRecord.FILE));
      if (file.isEmpty()) {
        damaged.remove(env);
        return Optional.empty();
      }
      String text = new String(file.get(), java.nio.charset.StandardCharsets.UTF_8);
      Damaged known = damaged.get(env);
      boolean again = known != null && known.text().equals(text);
      java.time.Instant firstSeen = again ? known.firstSeen() : clock.instant();
      RolloutRecord.Read read = RolloutRecord.read(file.get(), firstSeen);
      if (read.problem().isEmpty()) {
        damaged.remove(env);
      } else if (!again) {
        damaged.put(env, new Damaged(text, firstSeen));
        LOG.warnf(
            "Rollout of %s: branch %s: %s",
            env,
            io.alloyfleet.text.Text.printable(branch(env).get().name()),
            read.problem().get().formatWarning());
      }
      return read.record();
    }

    Staging.Pin pin(String sharedLayersCommit, String cluster) {
      return new Staging.Pin(
          sharedLayersCommit, files.version(FleetLayout.CLUSTERS, cluster).orElse(""));
    }

    /**
     * The valid clusters of {@code env} whose render differs from the head's because of a change of
     * the shared layers that has not reached them.
     */
    Set<String> pending(String env) {
      return pending.computeIfAbsent(
          env,
          e -> {
            Optional<RenderedBranch> branch = branch(e);
            if (branch.isEmpty()) {
              return Set.of();
            }
            String target = target(e);
            Set<String> ids = new HashSet<>();
            for (ClusterSpec spec : specs(e)) {
              var metadata = branch.get().clusters().get(spec.id());
              if (metadata != null
                  && !metadata.renderHash().equals(io.alloyfleet.render.RenderHash.of(spec))
                  && !running(e, metadata).equals(target)) {
                ids.add(spec.id());
              }
            }
            return Set.copyOf(ids);
          });
    }
  }
}
