package io.alloyfleet.publish;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A rendered branch as it is on the destination: its tip (absent for a branch not yet
 * created), its files, and what each cluster directory's metadata records.
 */
public record RenderedBranch(String environment, String name, Optional<ObjectId> tip, SortedMap<String, ObjectId> files, Map<String, ClusterMetadata> clusters) {

  public RenderedBranch {
    files = new TreeMap<>(files);
    clusters = Map.copyOf(clusters);
  }

  static RenderedBranch empty(String environment, String name) {
    return new RenderedBranch(environment, name, Optional.empty(), new TreeMap<>(), Map.of());
  }
}
