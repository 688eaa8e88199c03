package io.alloyfleet.publish;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A rendered branch as it is on the destination: its tip (absent for a branch not yet created), the
 * entries of its root tree (a cluster directory is one entry, its subtree), and what each cluster
 * directory's metadata records, and its rollout's record. Holding the root only keeps a change of
 * one cluster proportional to one cluster, however large the fleet.
 */
public record RenderedBranch(
    String environment,
    String name,
    Optional<ObjectId> tip,
    SortedMap<String, Entry> entries,
    Map<String, ClusterMetadata> clusters,
    Optional<RolloutRecord> rollout) {

  /** One entry of a branch's root tree. */
  public record Entry(ObjectId id, FileMode mode) {

    static Entry file(ObjectId id) {
      return new Entry(id, FileMode.REGULAR_FILE);
    }

    static Entry tree(ObjectId id) {
      return new Entry(id, FileMode.TREE);
    }

    boolean isTree() {
      return FileMode.TREE.equals(mode);
    }
  }

  public RenderedBranch {
    entries = new TreeMap<>(entries);
    clusters = Map.copyOf(clusters);
  }

  static RenderedBranch empty(String environment, String name) {
    return new RenderedBranch(
        environment, name, Optional.empty(), new TreeMap<>(), Map.of(), Optional.empty());
  }
}
