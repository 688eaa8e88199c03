package io.alloyfleet.publish;

import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.source.SourceCommit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The pure part of a publish, without Git: from a render and the branches as read, which branches
 * get built and what each keeps, and the message each commit carries. {@link BranchPublisher} reads
 * the branches, writes the objects this decides and pushes them.
 */
final class BranchBuild {

  private BranchBuild() {}

  /**
   * A branch to build: its environment, the branch as read (empty when new), the clusters rendered
   * onto it, and those that keep their directory as it is (invalid, or current).
   */
  record Target(String environment, RenderedBranch branch, Set<String> rendered, Set<String> kept) {

    boolean keeps(String cluster) {
      return kept.contains(cluster);
    }
  }

  /** The branches a render builds: every branch read, and every environment rendered. */
  static List<Target> targets(
      FleetRender render, Destination state, Function<String, String> branchName) {
    Map<String, Set<String>> rendered = new HashMap<>();
    render
        .rendered()
        .forEach(c -> rendered.computeIfAbsent(c.environment(), e -> new HashSet<>()).add(c.id()));
    Map<String, Set<String>> unchanged = new HashMap<>();
    render
        .unchanged()
        .forEach(c -> unchanged.computeIfAbsent(c.environment(), e -> new HashSet<>()).add(c.id()));
    Set<String> invalid = new HashSet<>();
    render.invalid().forEach(i -> invalid.add(i.id()));
    return targets(rendered, unchanged, invalid, state, branchName);
  }

  /**
   * The same from cluster ids by environment. A branch that does not exist yet and gets nothing
   * rendered is never created.
   */
  static List<Target> targets(
      Map<String, Set<String>> rendered,
      Map<String, Set<String>> unchanged,
      Set<String> invalid,
      Destination state,
      Function<String, String> branchName) {
    Set<String> environments = new TreeSet<>(state.branches().keySet());
    environments.addAll(rendered.keySet());
    environments.addAll(unchanged.keySet());
    List<Target> targets = new ArrayList<>();
    for (String env : environments) {
      RenderedBranch branch =
          state.branch(env).orElse(RenderedBranch.empty(env, branchName.apply(env)));
      Set<String> renderedHere = rendered.getOrDefault(env, Set.of());
      if (branch.tip().isEmpty() && renderedHere.isEmpty()) {
        continue; // never create a branch with nothing rendered on it
      }
      Set<String> kept = new HashSet<>(invalid);
      kept.addAll(unchanged.getOrDefault(env, Set.of()));
      targets.add(new Target(env, branch, Set.copyOf(renderedHere), Set.copyOf(kept)));
    }
    return targets;
  }

  /**
   * A rendered commit's message: the source commit rendered, the rollout's line, the clusters
   * changed, where the source is, and its author as co-author.
   */
  static String message(
      SourceCommit source, String sourceUrl, List<String> changed, Optional<String> rollout) {
    StringBuilder message =
        new StringBuilder("Render ")
            .append(source.shortId())
            .append(": ")
            .append(source.subject())
            .append("\n\n");
    rollout.ifPresent(line -> message.append(line).append("\n\n"));
    if (!changed.isEmpty()) {
      message.append("Clusters changed:\n");
      changed.forEach(c -> message.append("- ").append(c).append('\n'));
      message.append('\n');
    }
    message.append("Source: ").append(sourceUrl).append(" ").append(source.id()).append("\n\n");
    message
        .append("Co-authored-by: ")
        .append(source.authorName())
        .append(" <")
        .append(source.authorEmail())
        .append(">\n");
    return message.toString();
  }
}
