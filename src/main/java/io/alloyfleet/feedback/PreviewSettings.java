package io.alloyfleet.feedback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Pull-request previews ({@code alloy-fleet.preview.*}). */
@ConfigMapping(prefix = "alloy-fleet.preview")
public interface PreviewSettings {

  /** Whether pull-request webhooks are previewed. */
  @WithDefault("true")
  boolean enabled();

  /** A pull request whose change touches more clusters than this is refused with a status. */
  @WithDefault("200")
  int maxClusters();
}
