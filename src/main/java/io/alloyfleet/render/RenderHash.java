package io.alloyfleet.render;

import io.alloyfleet.fleet.ClusterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What a render depends on: the cluster's merged values and Alloy text, and the templates' version. */
public final class RenderHash {

  /** Hashes already computed: every sync asks for every cluster's, and most have not changed. */
  private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();
  private static final int KNOWN_MAX = 100_000;

  private RenderHash() {}

  public static String of(ClusterSpec spec) {
    String input = spec.valuesHash() + "\n" + spec.environment() + "\n" + RendererVersion.VERSION;
    String hash = KNOWN.get(input);
    if (hash == null) {
      hash = ClusterRenderer.sha256(input);
      if (KNOWN.size() >= KNOWN_MAX) {
        KNOWN.clear();
      }
      KNOWN.put(input, hash);
    }
    return hash;
  }
}
