package io.alloyfleet.fleet;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.ClusterOutcome.Valid;
import io.alloyfleet.fleet.files.FleetLayout;
import io.alloyfleet.fleet.policy.Policy;
import io.alloyfleet.text.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides once who a cluster is, not by whoever writes last. A name is held by the cluster rendered
 * under it (its metadata on the rendered branch), or, when none is, by the cluster whose directory
 * has that name; a holder keeps it as long as it does not claim another. A cluster that claims a
 * name another holds is the invalid one, at its own {@code cluster.name} line; the holder,
 * untouched, stays valid. Two clusters claiming a name nobody holds are both refused until one
 * renames.
 */
final class Identities {

  private Identities() {}

  /** {@code policies}: each environment's policy, for the moves it admits. */
  static List<ClusterOutcome> decide(
      List<ClusterOutcome> outcomes,
      RenderedIdentities rendered,
      java.util.function.Function<String, Policy> policies) {
    Map<String, ClusterOutcome> byId = HashMap.newHashMap(outcomes.size());
    outcomes.forEach(o -> byId.put(o.id(), o));
    Map<String, String> recorded = rendered.holders();
    Map<String, List<String>> unheldClaims = new HashMap<>();
    List<ClusterOutcome> decided = new ArrayList<>(outcomes.size());
    for (ClusterOutcome outcome : outcomes) {
      if (outcome instanceof Valid v) {
        Optional<Problem> move = refusedMove(v, rendered, policies);
        if (move.isPresent()) {
          String from = rendered.of(v.id()).orElseThrow().environment();
          decided.add(new Invalid(v.id(), Optional.of(from), List.of(move.get())));
          continue;
        }
        Optional<String> holder = holder(v.spec().name(), recorded, byId);
        if (holder.isPresent() && !holder.get().equals(v.id())) {
          decided.add(refused(v, held(v, holder.get(), recorded)));
          continue;
        }
        if (holder.isEmpty()) {
          unheldClaims.computeIfAbsent(v.spec().name(), n -> new ArrayList<>()).add(v.id());
        }
      }
      decided.add(outcome);
    }
    if (unheldClaims.values().stream().allMatch(claims -> claims.size() == 1)) {
      return decided;
    }
    List<ClusterOutcome> result = new ArrayList<>(decided.size());
    for (ClusterOutcome outcome : decided) {
      List<String> claims =
          outcome instanceof Valid v ? unheldClaims.get(v.spec().name()) : List.of();
      if (claims != null && claims.size() > 1) {
        Valid v = (Valid) outcome;
        List<String> others =
            claims.stream()
                .filter(i -> !i.equals(v.id()))
                .map(i -> FleetLayout.CLUSTERS + "/" + i)
                .toList();
        result.add(
            refused(
                v,
                Problem.of(
                    v.spec().nameAt(),
                    "cluster.name",
                    "cluster name "
                        + Text.quote(v.spec().name())
                        + " is also used by "
                        + String.join(", ", others)
                        + ", and no cluster holds it yet",
                    "cluster names label every signal and must be unique across the fleet: rename"
                        + " all but one")));
      } else {
        result.add(outcome);
      }
    }
    return result;
  }

  /**
   * A cluster rendered in one environment whose directory now names another moves only when the
   * destination's policy admits clusters from where it is ({@code policy.admitsClustersFrom}):
   * otherwise a team could leave its environment's locks behind. A refused move keeps the cluster
   * where it is rendered, with its last good render.
   */
  private static Optional<Problem> refusedMove(
      Valid cluster,
      RenderedIdentities rendered,
      java.util.function.Function<String, Policy> policies) {
    Optional<String> from =
        rendered
            .of(cluster.id())
            .map(RenderedIdentities.Identity::environment)
            .filter(env -> !env.equals(cluster.spec().environment()));
    if (from.isEmpty()
        || policies.apply(cluster.spec().environment()).admitsClustersFrom(from.get())) {
      return Optional.empty();
    }
    String to = cluster.spec().environment();
    return Optional.of(
        Problem.of(
            cluster.spec().environmentAt(),
            "cluster.environment",
            "the cluster is rendered in "
                + Text.quote(from.get())
                + "; "
                + FleetLayout.ENVIRONMENTS
                + "/"
                + to
                + ".yaml does not admit clusters from it (policy.admitsClustersFrom)",
            "a move between environments is the platform team's: it lists "
                + Text.quote(from.get())
                + " in the destination's policy.admitsClustersFrom; until then the cluster stays"
                + " in "
                + Text.quote(from.get())));
  }

  /**
   * The cluster that holds {@code name}: the one rendered under it, else the one whose directory
   * has that name, unless it now claims another name (then it has let it go).
   */
  private static Optional<String> holder(
      String name, Map<String, String> recorded, Map<String, ClusterOutcome> byId) {
    String rendered = recorded.get(name);
    if (rendered != null && keeps(byId.get(rendered), name)) {
      return Optional.of(rendered);
    }
    return keeps(byId.get(name), name) ? Optional.of(name) : Optional.empty();
  }

  /** True when the cluster exists and does not claim another name (an invalid one keeps it). */
  private static boolean keeps(ClusterOutcome cluster, String name) {
    return cluster != null && !(cluster instanceof Valid v && !v.spec().name().equals(name));
  }

  private static Problem held(Valid claimant, String holder, Map<String, String> recorded) {
    String name = claimant.spec().name();
    return Problem.of(
        claimant.spec().nameAt(),
        "cluster.name",
        "cluster name "
            + Text.quote(name)
            + " is held by "
            + FleetLayout.CLUSTERS
            + "/"
            + holder
            + (holder.equals(recorded.get(name))
                ? " (its rendered branch has it under this name)"
                : " (its directory has this name)"),
        "a cluster keeps its name: choose another cluster.name; names label every signal and"
            + " are unique across the fleet");
  }

  private static Invalid refused(Valid cluster, Problem problem) {
    return new Invalid(cluster.id(), cluster.environment(), List.of(problem));
  }
}
