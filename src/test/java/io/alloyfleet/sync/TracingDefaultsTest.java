package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry SDK is on only where an OTLP endpoint is set, unless told otherwise. */
class TracingDefaultsTest {

  static SmallRyeConfig config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "test", 250))
        .withSources(new TracingDefaults())
        .build();
  }

  static boolean disabled(SmallRyeConfig config) {
    return config.getOptionalValue(TracingDefaults.DISABLED, Boolean.class).orElse(false);
  }

  @Test
  void withoutAnEndpointTheSdkIsOff() {
    assertThat(disabled(config(Map.of()))).isTrue();
  }

  @Test
  void anEndpointTurnsItOn() {
    assertThat(disabled(config(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://c:4318"))))
        .isFalse();
    assertThat(
            disabled(config(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://c:4318"))))
        .isFalse();
  }

  @Test
  void anExplicitSettingWins() {
    assertThat(disabled(config(Map.of(TracingDefaults.DISABLED, "false")))).isFalse();
  }
}
