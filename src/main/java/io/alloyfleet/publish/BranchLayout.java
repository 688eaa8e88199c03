package io.alloyfleet.publish;

import io.alloyfleet.publish.RenderedBranch.Entry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Decides the root of one rendered branch from what is there and what was rendered. The
 * controller owns only what it renders: cluster directories marked by their metadata file,
 * {@code _fleet/}, {@code README.md} and {@code .gitattributes}. A cluster rendered now is
 * replaced; an invalid or unchanged cluster keeps its directory; a cluster gone from this
 * environment (deleted, or moved to another) is removed; anything else is left alone.
 */
final class BranchLayout {

  static final String METADATA = "hydrator.metadata";
  static final String README = "README.md";
  static final String GITATTRIBUTES = ".gitattributes";
  static final String FLEET_DIR = "_fleet";

  private BranchLayout() {}

  /** The clusters of one environment as this sync sees them: rendered ones by their new subtree. */
  record Plan(Map<String, ObjectId> rendered, Set<String> keep, Optional<ObjectId> fleetTree, ObjectId gitattributes) {}

  /** A branch's next root entries (README aside, which depends on whether anything changed) and its clusters. */
  record Next(SortedMap<String, Entry> entries, Set<String> clusters) {}

  static Next next(RenderedBranch branch, Plan plan) {
    Set<String> managed = branch.clusters().keySet();
    SortedMap<String, Entry> entries = new TreeMap<>();
    Set<String> clusters = new TreeSet<>();
    branch.entries().forEach((name, entry) -> {
      boolean owned = name.equals(README) || name.equals(GITATTRIBUTES) || name.equals(FLEET_DIR)
          || plan.rendered().containsKey(name)
          || managed.contains(name) && !plan.keep().contains(name);
      if (!owned) {
        entries.put(name, entry);
        if (managed.contains(name)) {
          clusters.add(name);
        }
      }
    });
    plan.rendered().forEach((cluster, tree) -> {
      entries.put(cluster, Entry.tree(tree));
      clusters.add(cluster);
    });
    plan.fleetTree().ifPresent(tree -> entries.put(FLEET_DIR, Entry.tree(tree)));
    entries.put(GITATTRIBUTES, Entry.file(plan.gitattributes()));
    return new Next(entries, clusters);
  }

  /** Clusters whose directory differs between the branch and its next version. */
  static List<String> changedClusters(RenderedBranch before, Next after) {
    Set<String> clusters = new TreeSet<>(before.clusters().keySet());
    clusters.addAll(after.clusters());
    return clusters.stream().filter(c -> !Objects.equals(before.entries().get(c), after.entries().get(c))).toList();
  }
}
