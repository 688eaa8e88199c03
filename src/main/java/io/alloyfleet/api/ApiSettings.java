package io.alloyfleet.api;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Who may ask for a sync through the API ({@code alloy-fleet.api.*}). */
@ConfigMapping(prefix = "alloy-fleet.api")
public interface ApiSettings {

  /** Bearer token for POST /api/sync. Without it the endpoint is refused. */
  Optional<Path> tokenFile();
}
