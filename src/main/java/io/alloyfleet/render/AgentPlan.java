package io.alloyfleet.render;

import io.alloyfleet.fleet.files.AlloySource;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the templates print for one cluster, computed in Java so the templates hold no logic
 * beyond "if" and "for". Nullable fields are absent features.
 */
public record AgentPlan(
    Agent agent,
    AlloyConfig config,
    ServiceAccount serviceAccount,
    Rbac rbac,
    Workload workload,
    Service service,
    Autoscaling autoscaling,
    Ingress ingress,
    NetworkPolicy networkPolicy) {

  /** Identity shared by every object of the agent. */
  public record Agent(
      String clusterName,
      String environment,
      String name,
      String namespace,
      List<Label> labels,
      List<Label> selector) {}

  public record Label(String key, String value) {}

  /**
   * What config.alloy collects and how the agent runs: a set, so two features can never be swapped.
   */
  public enum Feature {
    LOGS,
    METRICS,
    INFRASTRUCTURE,
    TRACES,
    POD_METADATA,
    CLUSTERING,
    BEARER_AUTH
  }

  /** The content of config.alloy. */
  public record AlloyConfig(
      String clusterName,
      String environment,
      String valuesFile,
      List<String> namespaces,
      Set<Feature> features,
      String dropLevels,
      String scrapeInterval,
      String infrastructureScrapeInterval,
      String podMetadataNamespace,
      List<String> resourceStatements,
      List<String> datapointStatements,
      List<Exporter> exporters,
      List<String> logsTo,
      List<String> metricsTo,
      List<String> tracesTo,
      List<Label> headers,
      List<AlloySource> custom) {

    public AlloyConfig {
      features =
          features.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(features));
    }

    public boolean logs() {
      return features.contains(Feature.LOGS);
    }

    public boolean metrics() {
      return features.contains(Feature.METRICS);
    }

    public boolean infrastructure() {
      return features.contains(Feature.INFRASTRUCTURE);
    }

    public boolean traces() {
      return features.contains(Feature.TRACES);
    }

    public boolean podMetadata() {
      return features.contains(Feature.POD_METADATA);
    }

    public boolean clustering() {
      return features.contains(Feature.CLUSTERING);
    }

    public boolean bearer() {
      return features.contains(Feature.BEARER_AUTH);
    }

    public boolean discovery() {
      return logs() || metrics();
    }
  }

  /** One OTLP exporter: a component ("otlp" or "otlphttp"), its label and client settings. */
  public record Exporter(String component, String label, String endpoint, Tls tls) {}

  public record Tls(
      boolean insecure,
      String caFile,
      String certFile,
      String keyFile,
      boolean insecureSkipVerify) {
    public boolean any() {
      return insecure || caFile != null || certFile != null || insecureSkipVerify;
    }
  }

  public record ServiceAccount(boolean create, String name, List<Label> annotations) {}

  public record Rbac(boolean clusterScoped, List<String> namespaces, List<Rule> rules) {}

  public record Rule(List<String> apiGroups, List<String> resources, List<String> verbs) {}

  public record Workload(
      Long replicas,
      String image,
      List<String> args,
      List<Label> podLabels,
      List<Label> podAnnotations,
      List<EnvVar> env,
      List<Port> ports,
      Resources resources,
      List<Label> nodeSelector,
      List<Toleration> tolerations,
      List<SecretVolume> secretVolumes,
      boolean disruptionBudget) {}

  public record EnvVar(String name, String secretName, String secretKey, String fieldPath) {}

  public record Port(String name, int port, String protocol) {}

  public record Resources(
      String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory) {
    public boolean requests() {
      return requestsCpu != null || requestsMemory != null;
    }

    public boolean limits() {
      return limitsCpu != null || limitsMemory != null;
    }
  }

  public record Toleration(
      String key, String operator, String value, String effect, Long tolerationSeconds) {}

  public record SecretVolume(String name, String secretName, String mountPath) {}

  public record Service(
      String type, List<Label> annotations, List<Port> ports, String headlessName) {}

  public record Autoscaling(
      long minReplicas,
      long maxReplicas,
      Long cpu,
      Long memory,
      Scaling scaleUp,
      Scaling scaleDown) {}

  public record Scaling(
      Long stabilizationWindowSeconds, String selectPolicy, List<ScalingPolicy> policies) {}

  public record ScalingPolicy(String type, long value, long periodSeconds) {}

  public record Ingress(String className, String host, String tlsSecret, int port) {}

  public record NetworkPolicy(List<Integer> egressPorts, List<Integer> ingressPorts) {}
}
