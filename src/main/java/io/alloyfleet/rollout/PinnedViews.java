package io.alloyfleet.rollout;

import io.alloyfleet.fleet.ClusterOutcome;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.PinnedFiles;
import io.alloyfleet.fleet.values.ValuesSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Clusters loaded with the shared layers of an older source commit and their own directories as
 * they are now: what a cluster a rollout has not reached renders. One loader per commit, for the
 * few commits a rollout involves, so a cluster edited twice during a rollout is reloaded once.
 */
final class PinnedViews {

  private static final int LOADERS = 4;

  private final Function<String, Optional<FleetFiles>> filesAt;
  private final Map<String, FleetLoader> loaders =
      new LinkedHashMap<>(LOADERS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FleetLoader> eldest) {
          return size() > LOADERS;
        }
      };
  private final Map<String, String> versions =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > 1024;
        }
      };

  PinnedViews(Function<String, Optional<FleetFiles>> filesAt) {
    this.filesAt = filesAt;
  }

  /**
   * {@code ids}, loaded with the shared layers of {@code commit} and their directories in {@code
   * head}; empty when the commit is not in the local cache.
   */
  synchronized Optional<Map<String, ClusterOutcome>> load(
      String commit, FleetFiles head, Set<String> ids) {
    Optional<FleetFiles> shared = filesAt.apply(commit);
    if (shared.isEmpty()) {
      return Optional.empty();
    }
    FleetLoader loader =
        loaders.computeIfAbsent(commit, c -> new FleetLoader(ValuesSchema.standard()));
    Map<String, ClusterOutcome> byId = new LinkedHashMap<>();
    loader
        .load(new PinnedFiles(shared.get(), head, ids::contains))
        .clusters()
        .forEach(c -> byId.put(c.id(), c));
    return Optional.of(byId);
  }

  /**
   * The version of {@code environment}'s shared layers at {@code commit}; a commit not in the cache
   * has a version of its own (it differs from every other).
   */
  synchronized String sharedLayers(String commit, String environment) {
    return versions.computeIfAbsent(
        commit + "|" + environment,
        key ->
            filesAt
                .apply(commit)
                .map(files -> FleetLoader.sharedLayersVersion(files, environment))
                .orElse("missing:" + commit));
  }
}
