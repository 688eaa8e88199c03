package io.alloyfleet.fleet.values;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged, checked values of one cluster: the seed chart's values format plus the central
 * endpoints. Mirrors {@code schema/cluster-values.schema.json} one to one (a test keeps them in
 * step). A key removed with {@code null} reads as off, empty or absent.
 */
public record ClusterValues(
    Cluster cluster,
    Tenant tenant,
    Agent agent,
    Endpoints endpoints,
    Rbac rbac,
    ServiceAccount serviceAccount,
    Monitoring monitoring,
    Logging logging,
    Metrics metrics,
    Tracing tracing,
    Auth auth,
    PodIdentity podIdentity,
    Deployment deployment,
    Hpa hpa,
    Service service,
    Ingress ingress,
    NetworkPolicy networkPolicy,
    String customConfig) {

  public ClusterValues {
    cluster = or(cluster, new Cluster(null, null, null, null));
    tenant = or(tenant, new Tenant(null));
    agent = or(agent, new Agent(null, null, null, null));
    endpoints = or(endpoints, new Endpoints(null, null, null, null, null, null));
    rbac = or(rbac, new Rbac(null, null, null));
    serviceAccount = or(serviceAccount, new ServiceAccount(null, null, null));
    monitoring = or(monitoring, new Monitoring(null, null));
    logging = or(logging, new Logging(null, null));
    metrics = or(metrics, new Metrics(null, null, null));
    tracing = or(tracing, new Tracing(null));
    auth = or(auth, new Auth(null, null, null));
    podIdentity = or(podIdentity, new PodIdentity(null, null));
    deployment = or(deployment, new Deployment(null, null, null, null, null, null));
    hpa = or(hpa, new Hpa(null, null, null, null, null, null));
    service = or(service, new Service(null, null));
    ingress = or(ingress, new Ingress(null, null, null, null));
    networkPolicy = or(networkPolicy, new NetworkPolicy(null));
    customConfig = or(customConfig, "");
  }

  public record Cluster(
      String name, String environment, String region, Map<String, String> labels) {
    public Cluster {
      labels = orDefault(labels, "cluster.labels");
    }

    public Optional<String> regionLabel() {
      return Optional.ofNullable(region);
    }
  }

  public record Tenant(String id) {
    public Optional<String> tenantId() {
      return Optional.ofNullable(id);
    }
  }

  public record Agent(
      String name, String namespace, String stabilityLevel, Boolean communityComponents) {
    public Agent {
      name = orDefault(name, "agent.name");
      namespace = orDefault(namespace, "agent.namespace");
      stabilityLevel = orDefault(stabilityLevel, "agent.stabilityLevel");
      communityComponents = orDefault(communityComponents, "agent.communityComponents");
    }
  }

  public record Endpoints(
      Otlp otlp, Signal logs, Signal metrics, Signal traces, Boolean allowPlainHttp, Tls tls) {
    public Endpoints {
      otlp = or(otlp, new Otlp(null, null));
      logs = or(logs, new Signal(null));
      metrics = or(metrics, new Signal(null));
      traces = or(traces, new Signal(null));
      allowPlainHttp = orDefault(allowPlainHttp, "endpoints.allowPlainHttp");
      tls = or(tls, new Tls(null, null, null));
    }
  }

  public record Otlp(String url, String protocol) {
    public Otlp {
      protocol = orDefault(protocol, "endpoints.otlp.protocol");
    }
  }

  public record Signal(String url) {}

  public record Tls(
      SecretKeyRef caSecretRef, SecretRef clientCertSecretRef, Boolean insecureSkipVerify) {
    public Tls {
      caSecretRef = caSecretRef == null ? null : caSecretRef.withDefaultKey("ca.crt");
      insecureSkipVerify = orDefault(insecureSkipVerify, "endpoints.tls.insecureSkipVerify");
    }
  }

  public record SecretKeyRef(String name, String key) {
    SecretKeyRef withDefaultKey(String defaultKey) {
      return key != null ? this : new SecretKeyRef(name, defaultKey);
    }
  }

  public record SecretRef(String name) {}

  public record Rbac(RbacScope scope, List<Rule> additionalRules, List<String> excludeResources) {
    public Rbac {
      scope = scope != null ? scope : RbacScope.of(orDefault((String) null, "rbac.scope"));
      additionalRules = orDefault(additionalRules, "rbac.additionalRules");
      excludeResources = orDefault(excludeResources, "rbac.excludeResources");
    }

    public boolean clusterScoped() {
      return scope == RbacScope.CLUSTER;
    }
  }

  /**
   * {@code rbac.scope}: a Role per monitored namespace (least privilege), or a ClusterRole (needed
   * for infrastructure monitoring). Written in lower case, as the schema's enum has it.
   */
  public enum RbacScope {
    NAMESPACE,
    CLUSTER;

    @com.fasterxml.jackson.annotation.JsonValue
    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The scope written as {@code text}; the schema allows no other. */
    public static RbacScope of(String text) {
      for (RbacScope scope : values()) {
        if (scope.text().equals(text)) {
          return scope;
        }
      }
      throw new IllegalArgumentException("not an RBAC scope: " + text);
    }

    @Override
    public String toString() {
      return text();
    }
  }

  public record Rule(List<String> apiGroups, List<String> resources, List<String> verbs) {
    public Rule {
      apiGroups = or(apiGroups, List.of());
      resources = or(resources, List.of());
      verbs = or(verbs, List.of());
    }
  }

  public record ServiceAccount(Boolean create, String name, Map<String, String> annotations) {
    public ServiceAccount {
      create = orDefault(create, "serviceAccount.create");
      annotations = orDefault(annotations, "serviceAccount.annotations");
    }
  }

  public record Monitoring(Boolean applicationOnly, List<String> namespaces) {
    public Monitoring {
      applicationOnly = orDefault(applicationOnly, "monitoring.applicationOnly");
      namespaces = orDefault(namespaces, "monitoring.namespaces");
    }
  }

  public record Logging(Boolean enabled, String minLevel) {
    public Logging {
      enabled = orDefault(enabled, "logging.enabled");
      minLevel = orDefault(minLevel, "logging.minLevel");
    }
  }

  public record Metrics(Boolean enabled, String scrapeInterval, Infrastructure infrastructure) {
    public Metrics {
      enabled = orDefault(enabled, "metrics.enabled");
      scrapeInterval = orDefault(scrapeInterval, "metrics.scrapeInterval");
      infrastructure = or(infrastructure, new Infrastructure(null));
    }
  }

  public record Infrastructure(String scrapeInterval) {
    public Infrastructure {
      scrapeInterval = orDefault(scrapeInterval, "metrics.infrastructure.scrapeInterval");
    }
  }

  public record Tracing(Boolean enabled) {
    public Tracing {
      enabled = orDefault(enabled, "tracing.enabled");
    }
  }

  public record Auth(Boolean enabled, String token, SecretKeyRef tokenSecretRef) {
    public Auth {
      tokenSecretRef = tokenSecretRef == null ? null : tokenSecretRef.withDefaultKey("token");
      enabled = orDefault(enabled, "auth.enabled");
    }
  }

  public record PodIdentity(Boolean enabled, String identityId) {
    public PodIdentity {
      enabled = orDefault(enabled, "podIdentity.enabled");
    }
  }

  public record Deployment(
      Long replicas,
      String image,
      Resources resources,
      Map<String, String> nodeSelector,
      List<Toleration> tolerations,
      Map<String, String> podAnnotations) {
    public Deployment {
      replicas = orDefault(replicas, "deployment.replicas");
      image = orDefault(image, "deployment.image");
      resources = or(resources, new Resources(null, null));
      nodeSelector = orDefault(nodeSelector, "deployment.nodeSelector");
      tolerations = orDefault(tolerations, "deployment.tolerations");
      podAnnotations = orDefault(podAnnotations, "deployment.podAnnotations");
    }
  }

  public record Resources(CpuMemory requests, CpuMemory limits) {
    public Resources {
      requests = or(requests, new CpuMemory(null, null));
      limits = or(limits, new CpuMemory(null, null));
    }
  }

  public record CpuMemory(String cpu, String memory) {}

  public record Toleration(
      String key, String operator, String value, String effect, Long tolerationSeconds) {}

  public record Hpa(
      Boolean enabled,
      Long minReplicas,
      Long maxReplicas,
      Long targetCPUUtilizationPercentage,
      Long targetMemoryUtilizationPercentage,
      Behavior behavior) {
    public Hpa {
      enabled = orDefault(enabled, "hpa.enabled");
      minReplicas = orDefault(minReplicas, "hpa.minReplicas");
      maxReplicas = orDefault(maxReplicas, "hpa.maxReplicas");
    }
  }

  public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {}

  public record ScalingRules(
      Long stabilizationWindowSeconds, String selectPolicy, List<ScalingPolicy> policies) {
    public ScalingRules {
      policies = or(policies, List.of());
    }
  }

  public record ScalingPolicy(String type, Long value, Long periodSeconds) {}

  public record Service(String type, Map<String, String> annotations) {
    public Service {
      type = orDefault(type, "service.type");
      annotations = orDefault(annotations, "service.annotations");
    }
  }

  public record Ingress(Boolean enabled, String className, String host, IngressTls tls) {
    public Ingress {
      enabled = orDefault(enabled, "ingress.enabled");
    }
  }

  public record IngressTls(String secretName) {}

  public record NetworkPolicy(Boolean enabled) {
    public NetworkPolicy {
      enabled = orDefault(enabled, "networkPolicy.enabled");
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /**
   * The value, or the schema's default for its key when a layer removed it with {@code null} (or it
   * was refused): the schema is the one place defaults live. A key without a default in the schema
   * has no fallback here either.
   */
  @SuppressWarnings("unchecked")
  private static <T> T orDefault(T value, String path) {
    if (value != null) {
      return value;
    }
    return (T)
        ValuesSchema.standard()
            .defaultAt(path)
            .orElseThrow(
                () -> new IllegalStateException("the values schema has no default for " + path));
  }
}
