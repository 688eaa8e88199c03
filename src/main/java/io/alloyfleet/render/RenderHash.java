package io.alloyfleet.render;

import io.alloyfleet.fleet.ClusterSpec;

/** What a render depends on: the cluster's merged values and Alloy text, and the templates' version. */
public final class RenderHash {

  private RenderHash() {}

  public static String of(ClusterSpec spec) {
    return ClusterRenderer.sha256(spec.valuesHash() + "\n" + spec.environment() + "\n" + RendererVersion.VERSION);
  }
}
