package io.alloyfleet.render;

import io.alloyfleet.fleet.ClusterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a render depends on: the cluster's merged values and Alloy text, and the templates' version.
 */
public final class RenderHash {

  /**
   * Hashes already computed, by values hash (the environment is one of the values, and the
   * templates' version is fixed for the process): every sync asks for every cluster's, and most
   * have not changed.
   */
  private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();

  private static final int KNOWN_MAX = 100_000;

  private RenderHash() {}

  public static String of(ClusterSpec spec) {
    String hash = KNOWN.get(spec.valuesHash());
    if (hash == null) {
      hash =
          ClusterRenderer.sha256(
              spec.valuesHash() + "\n" + spec.environment() + "\n" + RendererVersion.VERSION);
      if (KNOWN.size() >= KNOWN_MAX) {
        KNOWN.clear();
      }
      KNOWN.put(spec.valuesHash(), hash);
    }
    return hash;
  }
}
