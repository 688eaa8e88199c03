package io.alloyfleet.publish;

import io.alloyfleet.publish.RenderedBranch.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Decides the root of one rendered branch from what is there and what was rendered. The controller
 * owns only what it renders: cluster directories marked by their metadata file, {@code _fleet/},
 * {@code README.md}, {@code .gitattributes} and the root files it is given ({@code rollout.json}).
 * A cluster rendered now is replaced; an invalid or unchanged cluster keeps its directory; a
 * cluster gone from this environment (deleted, or moved to another) is removed; anything else is
 * left alone.
 */
final class BranchLayout {

  static final String METADATA = "hydrator.metadata";
  static final String README = "README.md";
  static final String GITATTRIBUTES = ".gitattributes";
  static final String FLEET_DIR = "_fleet";

  private BranchLayout() {}

  /**
   * The clusters of one environment as this sync sees them: rendered ones by their new subtree, and
   * those whose directory stays.
   */
  record Plan(
      Map<String, ObjectId> rendered,
      Predicate<String> keep,
      Optional<ObjectId> fleetTree,
      ObjectId gitattributes,
      SortedMap<String, ObjectId> rootFiles) {}

  /** A branch's next root entries (its README still the old one) and the clusters that differ. */
  record Next(SortedMap<String, Entry> entries, List<String> changedClusters) {}

  /**
   * The branch's next root, or empty when it would not change. Works from the branch's own root and
   * touches only what the plan changes: a one-cluster change costs one cluster.
   */
  static Optional<Next> next(RenderedBranch branch, Plan plan) {
    List<String> removed = new ArrayList<>();
    for (String cluster : branch.clusters().keySet()) {
      if (!plan.rendered().containsKey(cluster) && !plan.keep().test(cluster)) {
        removed.add(cluster); // deleted, or moved to another environment
      }
    }
    Set<String> changed = new TreeSet<>(removed);
    plan.rendered()
        .forEach(
            (cluster, tree) -> {
              if (!Entry.tree(tree).equals(branch.entries().get(cluster))) {
                changed.add(cluster);
              }
            });
    Optional<Entry> fleet = plan.fleetTree().map(Entry::tree);
    Entry gitattributes = Entry.file(plan.gitattributes());
    if (branch.tip().isPresent()
        && changed.isEmpty()
        && fleet.equals(Optional.ofNullable(branch.entries().get(FLEET_DIR)))
        && gitattributes.equals(branch.entries().get(GITATTRIBUTES))
        && plan.rootFiles().entrySet().stream()
            .allMatch(f -> Entry.file(f.getValue()).equals(branch.entries().get(f.getKey())))) {
      return Optional.empty();
    }
    SortedMap<String, Entry> entries = new TreeMap<>(branch.entries());
    removed.forEach(entries::remove);
    plan.rendered().forEach((cluster, tree) -> entries.put(cluster, Entry.tree(tree)));
    entries.remove(FLEET_DIR);
    fleet.ifPresent(entry -> entries.put(FLEET_DIR, entry));
    entries.put(GITATTRIBUTES, gitattributes);
    plan.rootFiles().forEach((name, blob) -> entries.put(name, Entry.file(blob)));
    return Optional.of(new Next(entries, List.copyOf(changed)));
  }
}
