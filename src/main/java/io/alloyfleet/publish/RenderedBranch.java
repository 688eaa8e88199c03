package io.alloyfleet.publish;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A rendered branch as it is on the destination: its tip (absent for a branch not yet created), the
 * entries of its root tree (a cluster directory is one entry, its subtree), and what each cluster
 * directory's metadata records, and the content of the small files at its root that the publish
 * does not write itself ({@code rootFiles}: what a stage above wrote there through {@link Staging},
 * such as the rollout's {@code rollout.json}; this package knows them as bytes only). Holding the
 * root only keeps a change of one cluster proportional to one cluster, however large the fleet.
 */
public record RenderedBranch(
    String environment,
    String name,
    Optional<ObjectId> tip,
    SortedMap<String, Entry> entries,
    Map<String, ClusterMetadata> clusters,
    Map<String, byte[]> rootFiles) {

  /** Root files the publish writes itself: never among {@code rootFiles}. */
  static final Set<String> OWN_ROOT_FILES = Set.of(BranchLayout.README, BranchLayout.GITATTRIBUTES);

  /** A root file larger than this is not one a stage wrote: it is not read. */
  static final int ROOT_FILE_MAX = 1 << 20;

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
    rootFiles = Map.copyOf(rootFiles);
  }

  /** The content of a file at the branch's root, as {@link #rootFiles()} holds it. */
  public Optional<byte[]> rootFile(String name) {
    return Optional.ofNullable(rootFiles.get(name)).map(byte[]::clone);
  }

  static RenderedBranch empty(String environment, String name) {
    return new RenderedBranch(
        environment, name, Optional.empty(), new TreeMap<>(), Map.of(), Map.of());
  }
}
