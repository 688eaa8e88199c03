package io.alloyfleet.publish;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Decides the files of one rendered branch from what is there and what was rendered. The
 * controller owns only what it renders: cluster directories marked by their metadata file,
 * {@code _fleet/}, {@code README.md} and {@code .gitattributes}. A cluster rendered now is
 * replaced; an invalid or unchanged cluster keeps its files; a cluster gone from this
 * environment (deleted, or moved to another) is removed; anything else is left alone.
 */
final class BranchLayout {

  static final String METADATA = "hydrator.metadata";
  static final String README = "README.md";
  static final String GITATTRIBUTES = ".gitattributes";
  static final String FLEET_DIR = "_fleet";

  private BranchLayout() {}

  /** The clusters of one environment as this sync sees them. */
  record Plan(
      Map<String, SortedMap<String, ObjectId>> rendered,
      Set<String> keep,
      SortedMap<String, ObjectId> fleetFiles,
      ObjectId gitattributes) {}

  /** The branch's new files (without README, which depends on whether anything changed). */
  static SortedMap<String, ObjectId> files(RenderedBranch branch, Plan plan) {
    Map<String, ObjectId> current = branch.files();
    Set<String> managed = branch.clusters().keySet();
    SortedMap<String, ObjectId> next = new TreeMap<>();
    current.forEach((path, id) -> {
      String top = top(path);
      boolean inDirectory = path.indexOf('/') > 0;
      boolean owned = path.equals(README) || path.equals(GITATTRIBUTES) || top.equals(FLEET_DIR)
          || managed.contains(top) && !plan.keep().contains(top)
          || inDirectory && plan.rendered().containsKey(top);
      if (!owned) {
        next.put(path, id);
      }
    });
    plan.rendered().forEach((cluster, files) -> files.forEach((name, id) -> next.put(cluster + "/" + name, id)));
    plan.fleetFiles().forEach((name, id) -> next.put(FLEET_DIR + "/" + name, id));
    next.put(GITATTRIBUTES, plan.gitattributes());
    return next;
  }

  /**
   * True when this plan cannot change the branch: nothing rendered on it, every cluster on it
   * kept, and the same fleet-wide files. Saves copying a large branch for nothing.
   */
  static boolean untouched(RenderedBranch branch, Plan plan) {
    if (branch.tip().isEmpty() || !plan.rendered().isEmpty() || !plan.keep().containsAll(branch.clusters().keySet())) {
      return false;
    }
    if (!plan.gitattributes().equals(branch.files().get(GITATTRIBUTES))) {
      return false;
    }
    Map<String, ObjectId> expected = new TreeMap<>();
    plan.fleetFiles().forEach((name, id) -> expected.put(FLEET_DIR + "/" + name, id));
    return branch.files().subMap(FLEET_DIR + "/", FLEET_DIR + "0").equals(expected);
  }

  /** Top-level directories that carry our metadata file. */
  static Set<String> managedClusters(Map<String, ObjectId> files) {
    Set<String> managed = new TreeSet<>();
    files.keySet().forEach(p -> {
      if (p.endsWith("/" + METADATA) && p.indexOf('/') == p.lastIndexOf('/')) {
        managed.add(top(p));
      }
    });
    return managed;
  }

  /** Clusters whose files differ between two versions of a branch. */
  static List<String> changedClusters(Map<String, ObjectId> before, Map<String, ObjectId> after) {
    Set<String> clusters = new TreeSet<>(managedClusters(before));
    clusters.addAll(managedClusters(after));
    Map<String, Map<String, ObjectId>> old = byDirectory(before);
    Map<String, Map<String, ObjectId>> now = byDirectory(after);
    return clusters.stream().filter(c -> !old.getOrDefault(c, Map.of()).equals(now.getOrDefault(c, Map.of()))).toList();
  }

  private static Map<String, Map<String, ObjectId>> byDirectory(Map<String, ObjectId> files) {
    Map<String, Map<String, ObjectId>> out = new java.util.HashMap<>();
    files.forEach((p, id) -> {
      if (p.indexOf('/') > 0) {
        out.computeIfAbsent(top(p), k -> new TreeMap<>()).put(p, id);
      }
    });
    return out;
  }

  static String top(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }
}
