package io.alloyfleet.check;

import io.alloyfleet.alloy.AlloyType;
import io.alloyfleet.alloy.ComponentCatalog;
import io.alloyfleet.alloy.ComponentCatalog.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which arguments of the component reference name a network destination or a local file, derived
 * from the catalog's argument names and types (never listed by hand where the name says it), with a
 * short list of exceptions where the name misleads, each with its reason. The policy checks every
 * argument with a role, in every component, community ones included.
 */
final class ArgumentRoles {

  /** What an argument names. */
  enum Role {
    /** A host the agent connects to (and sends data or credentials to). */
    DESTINATION,
    /** A file or directory of the agent's pod that the component reads (or writes). */
    LOCAL_FILE,
    /** Neither. */
    NONE
  }

  /** Types that hold a destination or a path: strings, secrets and lists of them. */
  private static final Pattern TEXT = Pattern.compile("((list|array)\\()?(string|secret)\\)?");

  /**
   * Names of destinations: {@code url}, {@code endpoint}, {@code address}, {@code host(name)(s)},
   * {@code server(s)}, {@code broker(s)}, {@code site}, and any name ending in {@code _url}, {@code
   * _endpoint}, {@code _uri(s)}, {@code _addr(ess)}, {@code _host(name)}, {@code _server} ({@code
   * api_server}, {@code proxy_url}, {@code token_url}, {@code kafka_uris}); database connection
   * strings. Not {@code listen_*} (where the agent listens), not {@code *_name} ({@code
   * server_name} is the TLS name checked, no connection).
   */
  private static final Pattern DESTINATION =
      Pattern.compile(
          "(?!listen_)(url|endpoint|address|hosts?|hostnames?|servers?|brokers?|site"
              + "|connection_string|data_source_names?"
              + "|.+_(url|endpoint|uris?|addr|address|host|hostname|server))");

  /**
   * Names of local files: {@code file(s)}, {@code filename}, {@code path(s)}, {@code
   * director(y|ies)}, and any name ending in {@code _file(s)}, {@code _file_path}, {@code _dir},
   * {@code _directory}, {@code _config_path}, {@code _key_path}, {@code _tab_path}, {@code
   * script_path(s)}, {@code bookmark_path}. Other {@code *_path} names are URL paths ({@code
   * metrics_path}, {@code health_path}) or matchers ({@code exe_path}).
   */
  private static final Pattern LOCAL_FILE =
      Pattern.compile(
          "(files?|filename|paths?|directory|directories|script_paths?|bookmark_path"
              + "|.+_(files?|file_path|dir|directory|config_path|key_path|tab_path))");

  /**
   * Where a name misleads: {@code component [block path] argument} and the role it really has. The
   * reasons: a listener's endpoint is where the agent listens, not where it connects; some "host"
   * arguments name an attribute or a header; the exporters' system roots ({@code procfs_path}) are
   * not read as content and are not matched by the rules anyway; a vault or profile path is a path
   * on a server, not a file; the file receivers' {@code include} globs name the files they read.
   */
  static final Map<String, Role> EXCEPTIONS =
      Map.ofEntries(
          // listeners: the agent binds these
          Map.entry("otelcol.receiver.otlp [grpc] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.otlp [http] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.jaeger [protocols > grpc] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.jaeger [protocols > thrift_binary] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.jaeger [protocols > thrift_compact] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.jaeger [protocols > thrift_http] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.zipkin [] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.faro [] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.fluentforward [] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.datadog [] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.influxdb [] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.splunkhec [] endpoint", Role.NONE),
          Map.entry("otelcol.receiver.cloudflare [] endpoint", Role.NONE),
          Map.entry("otelcol.extension.jaeger_remote_sampling [grpc] endpoint", Role.NONE),
          Map.entry("otelcol.extension.jaeger_remote_sampling [http] endpoint", Role.NONE),
          Map.entry("loki.source.syslog [listener] address", Role.NONE),
          // names of attributes, headers and reported host names, not connections
          Map.entry("otelcol.exporter.splunkhec [otel_attrs_to_hec_metadata] host", Role.NONE),
          Map.entry("otelcol.receiver.splunkhec [hec_metadata_to_otel_attrs] host", Role.NONE),
          Map.entry("otelcol.exporter.datadog [] hostname", Role.NONE),
          Map.entry("prometheus.exporter.apache [] host_override", Role.NONE),
          Map.entry("remote.vault [auth.azure] resource_url", Role.NONE),
          // paths on a server: a vault secret, an S3 object
          Map.entry("remote.vault [] path", Role.NONE),
          Map.entry("remote.vault [auth.custom] path", Role.NONE),
          Map.entry("remote.s3 [] path", Role.NONE),
          // beyla's reported host name
          Map.entry("beyla.ebpf [attributes > instance_id] override_hostname", Role.NONE),
          // globs of the files these receivers read (or stat), named neither file nor path
          Map.entry("otelcol.receiver.filelog [] include", Role.LOCAL_FILE),
          Map.entry("otelcol.receiver.file_stats [] include", Role.LOCAL_FILE));

  private ArgumentRoles() {}

  /** The role of {@code argument} of type {@code type}, in {@code block} ("" for the body). */
  static Role of(String component, String block, String argument, AlloyType type) {
    Role exception = EXCEPTIONS.get(component + " [" + block + "] " + argument);
    if (exception != null) {
      return exception;
    }
    if (block.startsWith("profiling_config") && argument.equals("path")) {
      return Role.NONE; // pyroscope.scrape: the HTTP path of a profile
    }
    if (!TEXT.matcher(type.describe()).matches()) {
      return Role.NONE;
    }
    if (DESTINATION.matcher(argument).matches()) {
      return Role.DESTINATION;
    }
    return LOCAL_FILE.matcher(argument).matches() ? Role.LOCAL_FILE : Role.NONE;
  }

  /** One argument of the catalog and its role: {@code component [block] argument}. */
  record Entry(String component, String block, String argument, Role role) {
    @Override
    public String toString() {
      return component + " [" + block + "] " + argument;
    }
  }

  /** Every argument of the catalog with its role, components and blocks in name order. */
  static List<Entry> all(ComponentCatalog catalog) {
    List<Entry> entries = new ArrayList<>();
    for (String name : catalog.names()) {
      catalog
          .component(name)
          .ifPresent(c -> walk(name, "", c.shape(), entries, new IdentityHashMap<>()));
    }
    return entries;
  }

  private static void walk(
      String component, String block, Shape shape, List<Entry> entries, Map<Shape, Boolean> seen) {
    if (seen.put(shape, true) != null) {
      return;
    }
    shape.args().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            a -> {
              entries.add(
                  new Entry(
                      component,
                      block,
                      a.getKey(),
                      of(component, block, a.getKey(), a.getValue().type())));
            });
    shape.blocks().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            b ->
                walk(
                    component,
                    block.isEmpty() ? b.getKey() : block + " > " + b.getKey(),
                    b.getValue(),
                    entries,
                    seen));
  }
}
