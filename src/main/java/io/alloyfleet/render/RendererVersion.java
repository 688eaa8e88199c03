package io.alloyfleet.render;

/**
 * The version of the rendering templates. Bump it with any change to rendered output: it is part of
 * each rendered cluster's metadata and of the hash that decides whether to re-render.
 */
public final class RendererVersion {

  public static final String VERSION = "0.3.0";

  private RendererVersion() {}
}
