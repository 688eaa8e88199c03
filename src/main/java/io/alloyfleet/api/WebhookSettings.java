package io.alloyfleet.api;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** How webhook deliveries prove where they come from ({@code alloy-fleet.webhook.*}). */
@ConfigMapping(prefix = "alloy-fleet.webhook")
public interface WebhookSettings {

  /** Shared secret for GitHub signatures, GitLab tokens and the generic webhook. */
  Optional<Path> secretFile();
}
