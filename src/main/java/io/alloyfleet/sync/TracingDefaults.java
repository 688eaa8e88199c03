package io.alloyfleet.sync;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;

/**
 * Traces are exported only where someone receives them: without {@code
 * quarkus.otel.exporter.otlp.endpoint} (or its {@code traces.} form) the OpenTelemetry SDK is off,
 * so no exporter retries a collector that is not there. An explicit {@code
 * quarkus.otel.sdk.disabled} wins (this source has the lowest ordinal).
 */
public final class TracingDefaults implements ConfigSourceFactory {

  static final String DISABLED = "quarkus.otel.sdk.disabled";

  @Override
  public Iterable<org.eclipse.microprofile.config.spi.ConfigSource> getConfigSources(
      ConfigSourceContext context) {
    boolean endpoint =
        set(context.getValue("quarkus.otel.exporter.otlp.endpoint"))
            || set(context.getValue("quarkus.otel.exporter.otlp.traces.endpoint"));
    return endpoint
        ? List.of()
        : List.of(new PropertiesConfigSource(Map.of(DISABLED, "true"), "alloy-fleet tracing", 1));
  }

  private static boolean set(ConfigValue value) {
    return value != null && value.getValue() != null && !value.getValue().isBlank();
  }
}
