package io.alloyfleet.render;

import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.values.ClusterValues;
import io.alloyfleet.fleet.values.ClusterValues.Endpoints;
import io.alloyfleet.render.AgentPlan.Agent;
import io.alloyfleet.render.AgentPlan.AlloyConfig;
import io.alloyfleet.render.AgentPlan.Autoscaling;
import io.alloyfleet.render.AgentPlan.EnvVar;
import io.alloyfleet.render.AgentPlan.Exporter;
import io.alloyfleet.render.AgentPlan.Feature;
import io.alloyfleet.render.AgentPlan.Ingress;
import io.alloyfleet.render.AgentPlan.Label;
import io.alloyfleet.render.AgentPlan.NetworkPolicy;
import io.alloyfleet.render.AgentPlan.Port;
import io.alloyfleet.render.AgentPlan.Resources;
import io.alloyfleet.render.AgentPlan.Scaling;
import io.alloyfleet.render.AgentPlan.ScalingPolicy;
import io.alloyfleet.render.AgentPlan.SecretVolume;
import io.alloyfleet.render.AgentPlan.Service;
import io.alloyfleet.render.AgentPlan.Tls;
import io.alloyfleet.render.AgentPlan.Toleration;
import io.alloyfleet.render.AgentPlan.Workload;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns a cluster's values into the plan the templates print: every decision is made here. */
final class AgentPlanner {

  static final int HTTP_PORT = 12345;
  static final int OTLP_GRPC_PORT = 4317;
  static final int OTLP_HTTP_PORT = 4318;
  static final String TOKEN_ENV = "ALLOY_FLEET_TOKEN";
  static final String CONFIG_DIR = "/etc/alloy";
  static final String CA_DIR = "/etc/alloy/tls/ca";
  static final String CLIENT_CERT_DIR = "/etc/alloy/tls/client";
  private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

  private AgentPlanner() {}

  static AgentPlan plan(ClusterSpec spec) {
    ClusterValues v = spec.values();
    boolean clustering =
        v.hpa().enabled() ? v.hpa().maxReplicas() > 1 : v.deployment().replicas() > 1;
    Agent agent = agent(spec);
    return new AgentPlan(
        agent,
        config(spec, clustering),
        new AgentPlan.ServiceAccount(
            v.serviceAccount().create(), serviceAccountName(v), serviceAccountAnnotations(v)),
        RbacRules.plan(v),
        workload(v, agent, clustering),
        service(v, agent, clustering),
        v.hpa().enabled() ? autoscaling(v) : null,
        v.ingress().enabled()
            ? new Ingress(
                v.ingress().className(),
                v.ingress().host(),
                v.ingress().tls() == null ? null : v.ingress().tls().secretName(),
                OTLP_HTTP_PORT)
            : null,
        v.networkPolicy().enabled() ? networkPolicy(v, clustering) : null);
  }

  private static Agent agent(ClusterSpec spec) {
    ClusterValues v = spec.values();
    String name = v.agent().name();
    List<Label> selector =
        List.of(
            new Label("app.kubernetes.io/instance", name),
            new Label("app.kubernetes.io/name", "alloy"));
    List<Label> labels =
        List.of(
            new Label("app.kubernetes.io/component", "edge-agent"),
            new Label("app.kubernetes.io/instance", name),
            new Label("app.kubernetes.io/managed-by", "alloy-fleet"),
            new Label("app.kubernetes.io/name", "alloy"),
            new Label("app.kubernetes.io/part-of", "alloy-fleet"));
    return new Agent(
        spec.name(), spec.environment(), name, v.agent().namespace(), labels, selector);
  }

  static String serviceAccountName(ClusterValues v) {
    return v.serviceAccount().name() != null ? v.serviceAccount().name() : v.agent().name();
  }

  private static List<Label> serviceAccountAnnotations(ClusterValues v) {
    Map<String, String> annotations = new TreeMap<>(v.serviceAccount().annotations());
    if (v.podIdentity().enabled()) {
      annotations.put("azure.workload.identity/client-id", v.podIdentity().identityId());
    }
    return labels(annotations);
  }

  private static AlloyConfig config(ClusterSpec spec, boolean clustering) {
    ClusterValues v = spec.values();
    boolean infrastructure = !v.monitoring().applicationOnly();
    List<String> namespaces = v.monitoring().namespaces().stream().sorted().toList();
    boolean podMetadata =
        v.tracing().enabled() && (v.rbac().clusterScoped() || namespaces.size() == 1);
    Map<String, List<String>> signalsByUrl = signalsByUrl(v);
    List<Exporter> exporters = new ArrayList<>();
    Map<String, List<String>> inputs = new TreeMap<>();
    signalsByUrl.forEach(
        (url, signals) -> {
          String label =
              signals.size() == 3 || url.equals(v.endpoints().otlp().url())
                  ? "central"
                  : signals.get(0);
          Exporter exporter = exporter(v.endpoints(), label, url);
          exporters.add(exporter);
          String input = "otelcol.exporter." + exporter.component() + "." + label + ".input";
          signals.forEach(s -> inputs.computeIfAbsent(s, k -> new ArrayList<>()).add(input));
        });
    List<Label> headers =
        v.tenant().tenantId().map(t -> List.of(new Label("X-Scope-OrgID", t))).orElse(List.of());
    Set<Feature> features = EnumSet.noneOf(Feature.class);
    when(v.logging().enabled(), Feature.LOGS, features);
    when(v.metrics().enabled(), Feature.METRICS, features);
    when(infrastructure, Feature.INFRASTRUCTURE, features);
    when(v.tracing().enabled(), Feature.TRACES, features);
    when(podMetadata, Feature.POD_METADATA, features);
    when(clustering, Feature.CLUSTERING, features);
    when(v.auth().enabled(), Feature.BEARER_AUTH, features);
    return new AlloyConfig(
        spec.name(),
        spec.environment(),
        "clusters/" + spec.id() + "/cluster.yaml",
        namespaces,
        features,
        dropLevels(v.logging().minLevel()),
        v.metrics().scrapeInterval(),
        v.metrics().infrastructure().scrapeInterval(),
        podMetadata && !v.rbac().clusterScoped() ? namespaces.get(0) : null,
        statements(identity(spec, true)),
        statements(identity(spec, false)),
        exporters,
        inputs.getOrDefault("logs", List.of()),
        inputs.getOrDefault("metrics", List.of()),
        inputs.getOrDefault("traces", List.of()),
        headers,
        spec.alloySources());
  }

  private static void when(boolean enabled, Feature feature, Set<Feature> features) {
    if (enabled) {
      features.add(feature);
    }
  }

  /**
   * Logs of every level below the minimum, as a case-insensitive regex; null when nothing is
   * dropped.
   */
  private static String dropLevels(String minLevel) {
    List<String> below = LEVELS.subList(0, LEVELS.indexOf(minLevel));
    return below.isEmpty() ? null : "(?i)^(" + String.join("|", below) + ")$";
  }

  /**
   * Each signal's URL (its override or the OTLP default), grouped so one exporter serves one URL.
   */
  private static Map<String, List<String>> signalsByUrl(ClusterValues v) {
    Endpoints e = v.endpoints();
    Map<String, String> urlBySignal = new LinkedHashMap<>();
    if (v.logging().enabled()) {
      urlBySignal.put("logs", e.logs().url() != null ? e.logs().url() : e.otlp().url());
    }
    urlBySignal.put("metrics", e.metrics().url() != null ? e.metrics().url() : e.otlp().url());
    if (v.tracing().enabled()) {
      urlBySignal.put("traces", e.traces().url() != null ? e.traces().url() : e.otlp().url());
    }
    Map<String, List<String>> bySignal = new TreeMap<>();
    urlBySignal.forEach(
        (signal, url) -> bySignal.computeIfAbsent(url, k -> new ArrayList<>()).add(signal));
    return bySignal;
  }

  private static Exporter exporter(Endpoints e, String label, String url) {
    URI uri = URI.create(url);
    boolean plain = uri.getScheme().equals("http");
    String ca = e.tls().caSecretRef() == null ? null : CA_DIR + "/" + e.tls().caSecretRef().key();
    boolean mtls = e.tls().clientCertSecretRef() != null;
    Tls tls =
        new Tls(
            plain,
            plain ? null : ca,
            plain || !mtls ? null : CLIENT_CERT_DIR + "/tls.crt",
            plain || !mtls ? null : CLIENT_CERT_DIR + "/tls.key",
            !plain && e.tls().insecureSkipVerify());
    if (e.otlp().protocol().equals("grpc")) {
      int port = uri.getPort() != -1 ? uri.getPort() : plain ? 80 : 443;
      return new Exporter("otlp", label, uri.getHost() + ":" + port, tls);
    }
    return new Exporter("otlphttp", label, url, tls);
  }

  /**
   * The attributes that identify the cluster on every signal: as resource attributes (with the
   * OpenTelemetry semantic names too), and as plain labels on metric data points, because
   * OTLP-to-Prometheus translation does not turn resource attributes into series labels.
   */
  private static Map<String, String> identity(ClusterSpec spec, boolean resource) {
    ClusterValues v = spec.values();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("cluster", spec.name());
    if (resource) {
      attributes.put("k8s.cluster.name", spec.name());
    }
    attributes.put("environment", spec.environment());
    if (resource) {
      attributes.put("deployment.environment.name", spec.environment());
    }
    v.cluster().regionLabel().ifPresent(r -> attributes.put("region", r));
    v.tenant().tenantId().ifPresent(t -> attributes.put("tenant", t));
    return attributes;
  }

  private static List<String> statements(Map<String, String> attributes) {
    List<String> statements = new ArrayList<>();
    attributes.forEach(
        (k, value) ->
            statements.add("set(attributes[" + Escape.ottl(k) + "], " + Escape.ottl(value) + ")"));
    return statements;
  }

  private static Workload workload(ClusterValues v, Agent agent, boolean clustering) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                CONFIG_DIR + "/config.alloy",
                "--storage.path=/var/lib/alloy",
                "--server.http.listen-addr=0.0.0.0:" + HTTP_PORT,
                "--disable-reporting",
                "--stability.level=" + v.agent().stabilityLevel()));
    if (v.agent().communityComponents()) {
      args.add("--feature.community-components.enabled=true");
    }
    if (clustering) {
      args.add("--cluster.enabled=true");
      args.add("--cluster.name=" + agent.name());
      args.add(
          "--cluster.join-addresses="
              + headlessName(agent)
              + "."
              + agent.namespace()
              + ".svc.cluster.local:"
              + HTTP_PORT);
    }
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("POD_NAME", null, null, "metadata.name"));
    if (v.auth().enabled()) {
      env.add(
          new EnvVar(
              TOKEN_ENV, v.auth().tokenSecretRef().name(), v.auth().tokenSecretRef().key(), null));
    }
    List<SecretVolume> secrets = new ArrayList<>();
    var tls = v.endpoints().tls();
    if (tls.caSecretRef() != null) {
      secrets.add(new SecretVolume("tls-ca", tls.caSecretRef().name(), CA_DIR));
    }
    if (tls.clientCertSecretRef() != null) {
      secrets.add(
          new SecretVolume("tls-client", tls.clientCertSecretRef().name(), CLIENT_CERT_DIR));
    }
    Map<String, String> podLabels = new TreeMap<>();
    agent.labels().forEach(l -> podLabels.put(l.key(), l.value()));
    if (v.podIdentity().enabled()) {
      podLabels.put("azure.workload.identity/use", "true");
    }
    var r = v.deployment().resources();
    return new Workload(
        v.hpa().enabled() ? null : v.deployment().replicas(),
        v.deployment().image(),
        args,
        labels(podLabels),
        labels(v.deployment().podAnnotations()),
        env,
        ports(v),
        new Resources(
            r.requests().cpu(), r.requests().memory(), r.limits().cpu(), r.limits().memory()),
        labels(v.deployment().nodeSelector()),
        v.deployment().tolerations().stream()
            .map(
                t ->
                    new Toleration(
                        t.key(),
                        t.operator() != null ? t.operator() : t.key() == null ? "Exists" : "Equal",
                        t.value(),
                        t.effect(),
                        t.tolerationSeconds()))
            .toList(),
        secrets,
        clustering);
  }

  private static List<Port> ports(ClusterValues v) {
    List<Port> ports = new ArrayList<>();
    ports.add(new Port("http-metrics", HTTP_PORT, "TCP"));
    if (v.tracing().enabled()) {
      ports.add(new Port("otlp-grpc", OTLP_GRPC_PORT, "TCP"));
      ports.add(new Port("otlp-http", OTLP_HTTP_PORT, "TCP"));
    }
    return ports;
  }

  static String headlessName(Agent agent) {
    return agent.name() + "-cluster";
  }

  private static Service service(ClusterValues v, Agent agent, boolean clustering) {
    return new Service(
        v.service().type(),
        labels(v.service().annotations()),
        ports(v),
        clustering ? headlessName(agent) : null);
  }

  private static Autoscaling autoscaling(ClusterValues v) {
    var hpa = v.hpa();
    var behavior = hpa.behavior();
    return new Autoscaling(
        hpa.minReplicas(),
        hpa.maxReplicas(),
        hpa.targetCPUUtilizationPercentage(),
        hpa.targetMemoryUtilizationPercentage(),
        behavior == null ? null : scaling(behavior.scaleUp()),
        behavior == null ? null : scaling(behavior.scaleDown()));
  }

  private static Scaling scaling(ClusterValues.ScalingRules rules) {
    if (rules == null) {
      return null;
    }
    return new Scaling(
        rules.stabilizationWindowSeconds(),
        rules.selectPolicy(),
        rules.policies().stream()
            .map(p -> new ScalingPolicy(p.type(), p.value(), p.periodSeconds()))
            .toList());
  }

  private static NetworkPolicy networkPolicy(ClusterValues v, boolean clustering) {
    TreeSet<Integer> egress = new TreeSet<>(List.of(53, 443, 6443));
    Endpoints e = v.endpoints();
    for (String url :
        new String[] {e.otlp().url(), e.logs().url(), e.metrics().url(), e.traces().url()}) {
      if (url != null) {
        URI uri = URI.create(url);
        egress.add(uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("http") ? 80 : 443);
      }
    }
    TreeSet<Integer> ingress = new TreeSet<>();
    ingress.add(HTTP_PORT);
    if (v.tracing().enabled()) {
      ingress.add(OTLP_GRPC_PORT);
      ingress.add(OTLP_HTTP_PORT);
    }
    if (clustering) {
      egress.add(HTTP_PORT);
    }
    return new NetworkPolicy(List.copyOf(egress), List.copyOf(ingress));
  }

  private static List<Label> labels(Map<String, String> map) {
    return new TreeMap<>(map)
        .entrySet().stream().map(e -> new Label(e.getKey(), e.getValue())).toList();
  }
}
