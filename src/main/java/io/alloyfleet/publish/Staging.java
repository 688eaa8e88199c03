package io.alloyfleet.publish;

import java.util.Map;
import java.util.Optional;

/**
 * What a publish records besides rendered files: per cluster, the source commit its shared layers
 * come from and the version of its own directory (both in its metadata); per environment, files to
 * write at its branch's root ({@code rootFiles}, name to content, e.g. the rollout's {@code
 * rollout.json}: this package writes them as given, knowing nothing of what they hold) and the line
 * the commit message gives it.
 */
public record Staging(
    Map<String, Pin> pins,
    Map<String, Map<String, byte[]>> rootFiles,
    Map<String, String> messages) {

  public static final Staging NONE = new Staging(Map.of(), Map.of(), Map.of());

  /** Where a cluster's render comes from: shared layers' commit, own directory's version. */
  public record Pin(String sharedLayersCommit, String clusterTree) {}

  public Staging {
    pins = Map.copyOf(pins);
    Map<String, Map<String, byte[]>> files = new java.util.HashMap<>();
    rootFiles.forEach(
        (env, byName) -> {
          byName.keySet().forEach(Staging::checkRootFile);
          files.put(env, Map.copyOf(byName));
        });
    rootFiles = Map.copyOf(files);
    messages = Map.copyOf(messages);
  }

  /** A root file is one file at the root, never one the publish writes itself. */
  private static void checkRootFile(String name) {
    if (name.isEmpty()
        || name.contains("/")
        || name.equals(BranchLayout.FLEET_DIR)
        || RenderedBranch.OWN_ROOT_FILES.contains(name)) {
      throw new IllegalArgumentException("not a root file a stage may write: " + name);
    }
  }

  Optional<Pin> pin(String cluster) {
    return Optional.ofNullable(pins.get(cluster));
  }
}
