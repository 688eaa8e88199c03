package io.alloyfleet.cli;

import io.alloyfleet.render.RendererVersion;
import picocli.CommandLine.IVersionProvider;

public class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"alloy-fleet " + RendererVersion.VERSION};
  }
}
