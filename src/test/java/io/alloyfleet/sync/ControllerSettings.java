package io.alloyfleet.sync;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Config overrides that run the controller in a test on a given source, polling only on request.
 */
public final class ControllerSettings {

  private ControllerSettings() {}

  public static Map<String, String> of(String sourceUrl, Path dataDir, String... more) {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "alloy-fleet.controller.enabled",
                "true",
                "alloy-fleet.source.url",
                sourceUrl,
                "alloy-fleet.data-dir",
                dataDir.toString(),
                "alloy-fleet.poll-interval",
                "1h"));
    for (int i = 0; i + 1 < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return settings;
  }
}
