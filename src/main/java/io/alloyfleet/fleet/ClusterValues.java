package io.alloyfleet.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged, checked values of one cluster: the seed chart's values format plus the central
 * endpoints. Mirrors {@code schema/cluster-values.schema.json} one to one (a test keeps them
 * in step). A key removed with {@code null} reads as off, empty or absent.
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
    cluster = or(cluster, new Cluster(null, null, null));
    tenant = or(tenant, new Tenant(null));
    agent = or(agent, new Agent(null, null));
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

  public record Cluster(String name, String environment, String region) {
    public Optional<String> regionLabel() {
      return Optional.ofNullable(region);
    }
  }

  public record Tenant(String id) {
    public Optional<String> tenantId() {
      return Optional.ofNullable(id);
    }
  }

  public record Agent(String name, String namespace) {}

  public record Endpoints(Otlp otlp, Signal logs, Signal metrics, Signal traces, Boolean allowPlainHttp, Tls tls) {
    public Endpoints {
      otlp = or(otlp, new Otlp(null, null));
      logs = or(logs, new Signal(null));
      metrics = or(metrics, new Signal(null));
      traces = or(traces, new Signal(null));
      allowPlainHttp = or(allowPlainHttp, false);
      tls = or(tls, new Tls(null, null, null));
    }
  }

  public record Otlp(String url, String protocol) {
    public Otlp {
      protocol = or(protocol, "grpc");
    }
  }

  public record Signal(String url) {}

  public record Tls(SecretKeyRef caSecretRef, SecretRef clientCertSecretRef, Boolean insecureSkipVerify) {
    public Tls {
      caSecretRef = caSecretRef == null ? null : caSecretRef.withDefaultKey("ca.crt");
      insecureSkipVerify = or(insecureSkipVerify, false);
    }
  }

  public record SecretKeyRef(String name, String key) {
    SecretKeyRef withDefaultKey(String defaultKey) {
      return key != null ? this : new SecretKeyRef(name, defaultKey);
    }
  }

  public record SecretRef(String name) {}

  public record Rbac(String scope, List<Rule> additionalRules, List<String> excludeResources) {
    public Rbac {
      scope = or(scope, "namespace");
      additionalRules = or(additionalRules, List.of());
      excludeResources = or(excludeResources, List.of());
    }

    public boolean clusterScoped() {
      return scope.equals("cluster");
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
      create = or(create, false);
      annotations = or(annotations, Map.of());
    }
  }

  public record Monitoring(Boolean applicationOnly, List<String> namespaces) {
    public Monitoring {
      applicationOnly = or(applicationOnly, true);
      namespaces = or(namespaces, List.of());
    }
  }

  public record Logging(Boolean enabled, String minLevel) {
    public Logging {
      enabled = or(enabled, false);
      minLevel = or(minLevel, "info");
    }
  }

  public record Metrics(Boolean enabled, String scrapeInterval, Infrastructure infrastructure) {
    public Metrics {
      enabled = or(enabled, false);
      scrapeInterval = or(scrapeInterval, "30s");
      infrastructure = or(infrastructure, new Infrastructure(null));
    }
  }

  public record Infrastructure(String scrapeInterval) {
    public Infrastructure {
      scrapeInterval = or(scrapeInterval, "60s");
    }
  }

  public record Tracing(Boolean enabled) {
    public Tracing {
      enabled = or(enabled, false);
    }
  }

  public record Auth(Boolean enabled, String token, SecretKeyRef tokenSecretRef) {
    public Auth {
      tokenSecretRef = tokenSecretRef == null ? null : tokenSecretRef.withDefaultKey("token");
      enabled = or(enabled, false);
    }
  }

  public record PodIdentity(Boolean enabled, String identityId) {
    public PodIdentity {
      enabled = or(enabled, false);
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
      replicas = or(replicas, 1L);
      image = or(image, "docker.io/grafana/alloy:latest");
      resources = or(resources, new Resources(null, null));
      nodeSelector = or(nodeSelector, Map.of());
      tolerations = or(tolerations, List.of());
      podAnnotations = or(podAnnotations, Map.of());
    }
  }

  public record Resources(CpuMemory requests, CpuMemory limits) {
    public Resources {
      requests = or(requests, new CpuMemory(null, null));
      limits = or(limits, new CpuMemory(null, null));
    }
  }

  public record CpuMemory(String cpu, String memory) {}

  public record Toleration(String key, String operator, String value, String effect, Long tolerationSeconds) {}

  public record Hpa(
      Boolean enabled,
      Long minReplicas,
      Long maxReplicas,
      Long targetCPUUtilizationPercentage,
      Long targetMemoryUtilizationPercentage,
      Behavior behavior) {
    public Hpa {
      enabled = or(enabled, false);
      minReplicas = or(minReplicas, 1L);
      maxReplicas = or(maxReplicas, 1L);
    }
  }

  public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {}

  public record ScalingRules(Long stabilizationWindowSeconds, String selectPolicy, List<ScalingPolicy> policies) {
    public ScalingRules {
      policies = or(policies, List.of());
    }
  }

  public record ScalingPolicy(String type, Long value, Long periodSeconds) {}

  public record Service(String type, Map<String, String> annotations) {
    public Service {
      type = or(type, "ClusterIP");
      annotations = or(annotations, Map.of());
    }
  }

  public record Ingress(Boolean enabled, String className, String host, IngressTls tls) {
    public Ingress {
      enabled = or(enabled, false);
    }
  }

  public record IngressTls(String secretName) {}

  public record NetworkPolicy(Boolean enabled) {
    public NetworkPolicy {
      enabled = or(enabled, false);
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
