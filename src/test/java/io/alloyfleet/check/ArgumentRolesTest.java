package io.alloyfleet.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.alloy.ComponentCatalog;
import io.alloyfleet.check.ArgumentRoles.Entry;
import io.alloyfleet.check.ArgumentRoles.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The roles derived from the whole component reference (Alloy v1.18.0): what the policy checks as a
 * destination or a local file. A new catalog that changes the counts shows here, to be reviewed.
 */
class ArgumentRolesTest {

  private static final List<Entry> ALL = ArgumentRoles.all(ComponentCatalog.get());

  private static List<String> with(Role role) {
    return ALL.stream().filter(e -> e.role() == role).map(Entry::toString).toList();
  }

  @Test
  void everyArgumentThatNamesADestinationIsOne() {
    assertThat(with(Role.DESTINATION))
        .hasSize(223)
        .contains(
            "otelcol.exporter.otlp [client] endpoint",
            "otelcol.exporter.otlphttp [client] endpoint",
            "otelcol.exporter.otlphttp [client] proxy_url",
            "otelcol.exporter.otlphttp [] traces_endpoint",
            "otelcol.exporter.loadbalancing [resolver > dns] hostname",
            "otelcol.exporter.loadbalancing [resolver > static] hostnames",
            "otelcol.exporter.datadog [api] site",
            "otelcol.exporter.kafka [] brokers",
            "loki.write [endpoint] url",
            "loki.write [endpoint] proxy_url",
            "loki.write [endpoint > oauth2] token_url",
            "prometheus.remote_write [endpoint] url",
            "prometheus.scrape [] proxy_url",
            "discovery.kubernetes [] api_server",
            "loki.source.kubernetes [client] api_server",
            "prometheus.exporter.mongodb [] mongodb_uri",
            "remote.http [] url",
            "remote.vault [] server");
  }

  @Test
  void everyArgumentThatNamesALocalFileIsOne() {
    assertThat(with(Role.LOCAL_FILE))
        .hasSize(608)
        .contains(
            "prometheus.scrape [] bearer_token_file",
            "prometheus.scrape [tls_config] ca_file",
            "discovery.kubernetes [] bearer_token_file",
            "discovery.kubernetes [] kubeconfig_file",
            "local.file [] filename",
            "otelcol.receiver.filelog [] include",
            "discovery.file [] files",
            "loki.source.journal [] path",
            "otelcol.exporter.file [] path",
            "otelcol.exporter.otlp [client > tls] key_file",
            "prometheus.exporter.unix [textfile] directory");
  }

  @Test
  void namesThatOnlyLookLikeADestinationOrAFileAreNeither() {
    assertThat(with(Role.NONE))
        .contains(
            // where the agent listens
            "otelcol.receiver.otlp [grpc] endpoint",
            "loki.source.api [http] listen_address",
            "loki.source.syslog [listener] address",
            // a TLS name, a URL path, a matcher
            "otelcol.exporter.otlp [client > tls] server_name",
            "prometheus.scrape [] metrics_path",
            "beyla.ebpf [discovery > instrument] exe_path",
            // roots the exporters read metrics from
            "prometheus.exporter.unix [] procfs_path",
            // paths on a server
            "remote.vault [] path",
            "pyroscope.scrape [profiling_config > profile.memory] path");
    assertThat(with(Role.NONE)).hasSizeGreaterThan(5000);
  }

  @Test
  void everyExceptionNamesAnArgumentOfTheReference() {
    List<String> all = ALL.stream().map(Entry::toString).toList();
    assertThat(all).containsAll(ArgumentRoles.EXCEPTIONS.keySet());
  }
}
