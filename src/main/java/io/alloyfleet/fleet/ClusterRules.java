package io.alloyfleet.fleet;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.values.ClusterValues;
import io.alloyfleet.fleet.values.ClusterValues.CpuMemory;
import io.alloyfleet.fleet.values.ClusterValues.Rule;
import io.alloyfleet.fleet.values.GoDuration;
import io.alloyfleet.text.Escaping;
import io.alloyfleet.text.Text;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The rules that span several keys: what the seed chart's _helpers.tpl validated, and what a
 * production fleet must refuse (tokens in Git, unencrypted endpoints, contradictory RBAC).
 */
final class ClusterRules {

  /** Alloy's default {@code scrape_timeout}, which the rendered scrapes keep. */
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterValues values;
  private final Function<String, Location> locate;
  private final List<Problem> problems = new ArrayList<>();

  private ClusterRules(ClusterValues values, Function<String, Location> locate) {
    this.values = values;
    this.locate = locate;
  }

  /**
   * Every cross-key problem of one cluster; {@code locate} maps a key path to where it was set. A
   * rule runs only when the sections it reads are well-formed ({@code broken} says which are not),
   * so a typo is reported once, not again as every rule that depends on it.
   */
  static List<Problem> check(
      ClusterValues values, Function<String, Location> locate, Predicate<String> broken) {
    ClusterRules rules = new ClusterRules(values, locate);
    rules.run(broken, rules::monitoring, "monitoring", "rbac", "logging", "metrics", "tracing");
    rules.run(broken, rules::scrapeIntervals, "metrics");
    rules.run(broken, rules::resources, "deployment");
    rules.run(broken, rules::autoscaling, "hpa", "deployment");
    rules.run(broken, rules::endpoints, "endpoints");
    rules.run(broken, rules::secrets, "auth", "podIdentity", "serviceAccount");
    rules.run(broken, rules::rbac, "rbac");
    rules.run(broken, rules::ingress, "ingress", "tracing");
    rules.run(broken, rules::customConfig, "customConfig");
    return rules.problems;
  }

  private void run(Predicate<String> broken, Runnable rule, String... sections) {
    for (String section : sections) {
      if (broken.test(section)) {
        return;
      }
    }
    rule.run();
  }

  private void report(String path, String message, String hint) {
    problems.add(Problem.of(locate.apply(path), path, message, hint));
  }

  private void monitoring() {
    var monitoring = values.monitoring();
    if (!monitoring.applicationOnly() && !values.rbac().clusterScoped()) {
      report(
          "monitoring.applicationOnly",
          "infrastructure monitoring (applicationOnly: false) needs rbac.scope: cluster",
          "set rbac.scope: cluster, or keep monitoring.applicationOnly: true");
    }
    if (!values.rbac().clusterScoped() && monitoring.namespaces().isEmpty()) {
      report(
          "monitoring.namespaces",
          "rbac.scope: namespace needs at least one namespace to monitor",
          "list the namespaces under monitoring.namespaces, or use rbac.scope: cluster");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < monitoring.namespaces().size(); i++) {
      if (!seen.add(monitoring.namespaces().get(i))) {
        report(
            "monitoring.namespaces[" + i + "]",
            "namespace " + Text.quote(monitoring.namespaces().get(i)) + " is listed twice",
            null);
      }
    }
    if (!values.logging().enabled() && !values.metrics().enabled() && !values.tracing().enabled()) {
      report(
          "logging.enabled",
          "no signal is enabled: the agent would collect nothing",
          "enable at least one of logging, metrics or tracing");
    }
  }

  /**
   * The agent's scrapes keep Alloy's default {@code scrape_timeout} of 10s, and Alloy refuses to
   * load a {@code prometheus.scrape} whose timeout is longer than its interval
   * (prometheus/scrape/scrape.go, {@code Arguments.Validate}).
   */
  private void scrapeIntervals() {
    if (!values.metrics().enabled()) {
      return;
    }
    atLeastTheScrapeTimeout("metrics.scrapeInterval", values.metrics().scrapeInterval());
    atLeastTheScrapeTimeout(
        "metrics.infrastructure.scrapeInterval",
        values.metrics().infrastructure().scrapeInterval());
  }

  private void atLeastTheScrapeTimeout(String path, String interval) {
    if (interval == null) {
      return;
    }
    // Not a duration: the schema's duration format reports it at the same line.
    if (GoDuration.parse(interval) instanceof GoDuration.Valid valid
        && valid.duration().value().compareTo(SCRAPE_TIMEOUT) < 0) {
      report(
          path,
          "scrape interval "
              + interval
              + " is shorter than the scrape timeout (10s): Alloy refuses a scrape_timeout"
              + " greater than scrape_interval",
          "use an interval of 10s or more");
    }
  }

  private void resources() {
    CpuMemory requests = values.deployment().resources().requests();
    CpuMemory limits = values.deployment().resources().limits();
    notAbove("cpu", requests.cpu(), limits.cpu());
    notAbove("memory", requests.memory(), limits.memory());
  }

  private void notAbove(String resource, String request, String limit) {
    if (request != null
        && limit != null
        && new Quantity(request)
                .getNumericalAmount()
                .compareTo(new Quantity(limit).getNumericalAmount())
            > 0) {
      report(
          "deployment.resources.requests." + resource,
          "request " + request + " is greater than the limit " + limit,
          "a request must not exceed its limit");
    }
  }

  private void autoscaling() {
    var hpa = values.hpa();
    if (!hpa.enabled()) {
      return;
    }
    if (hpa.minReplicas() > hpa.maxReplicas()) {
      report(
          "hpa.minReplicas",
          "minReplicas " + hpa.minReplicas() + " is greater than maxReplicas " + hpa.maxReplicas(),
          null);
    }
    CpuMemory requests = values.deployment().resources().requests();
    if (hpa.targetCPUUtilizationPercentage() == null
        && hpa.targetMemoryUtilizationPercentage() == null) {
      report(
          "hpa.targetCPUUtilizationPercentage",
          "an enabled HPA needs a CPU or memory utilization target",
          null);
    }
    if (hpa.targetCPUUtilizationPercentage() != null && requests.cpu() == null) {
      report(
          "hpa.targetCPUUtilizationPercentage",
          "a CPU utilization target needs deployment.resources.requests.cpu",
          "utilization is measured against the request");
    }
    if (hpa.targetMemoryUtilizationPercentage() != null && requests.memory() == null) {
      report(
          "hpa.targetMemoryUtilizationPercentage",
          "a memory utilization target needs deployment.resources.requests.memory",
          "utilization is measured against the request");
    }
  }

  private void endpoints() {
    var endpoints = values.endpoints();
    plainHttp("endpoints.otlp.url", endpoints.otlp().url());
    plainHttp("endpoints.logs.url", endpoints.logs().url());
    plainHttp("endpoints.metrics.url", endpoints.metrics().url());
    plainHttp("endpoints.traces.url", endpoints.traces().url());
  }

  private void plainHttp(String path, String url) {
    if (url != null && !values.endpoints().allowPlainHttp() && url.startsWith("http://")) {
      report(
          path,
          "plain http sends telemetry unencrypted",
          "use https, or opt in with endpoints.allowPlainHttp: true");
    }
  }

  private void secrets() {
    var auth = values.auth();
    if (auth.token() != null) {
      // Never echo the value: it is a credential.
      report(
          "auth.token",
          "a literal token is refused: a token in Git is a leaked token",
          "put it in a Secret, set auth.tokenSecretRef {name, key}, and rotate the token that was committed");
    }
    if (auth.enabled() && auth.tokenSecretRef() == null) {
      report(
          "auth.enabled",
          "auth.enabled needs auth.tokenSecretRef",
          "name the Secret and key that hold the bearer token");
    }
    var identity = values.podIdentity();
    if (identity.enabled() && (identity.identityId() == null || identity.identityId().isBlank())) {
      report(
          "podIdentity.enabled",
          "podIdentity.enabled needs podIdentity.identityId",
          "set the client id of the managed identity");
    }
    if (identity.enabled() && !values.serviceAccount().create()) {
      report(
          "podIdentity.enabled",
          "podIdentity needs the service account Alloy Fleet creates (serviceAccount.create: true)",
          "or annotate your own service account with azure.workload.identity/client-id");
    }
  }

  private void rbac() {
    Set<String> excluded = Set.copyOf(values.rbac().excludeResources());
    List<Rule> rules = values.rbac().additionalRules();
    for (int i = 0; i < rules.size(); i++) {
      List<String> resources = rules.get(i).resources();
      for (int j = 0; j < resources.size(); j++) {
        String resource = resources.get(j);
        if (excluded.contains(resource) || resource.equals("*") && !excluded.isEmpty()) {
          report(
              "rbac.additionalRules[" + i + "].resources[" + j + "]",
              Text.quote(resource)
                  + " grants what rbac.excludeResources forbids ("
                  + String.join(", ", excluded)
                  + ")",
              "remove it from the rule or from excludeResources");
        }
      }
    }
  }

  private void ingress() {
    var ingress = values.ingress();
    if (!ingress.enabled()) {
      return;
    }
    if (ingress.host() == null) {
      report("ingress.host", "an enabled ingress needs a host", null);
    }
    if (!values.tracing().enabled()) {
      report(
          "ingress.enabled",
          "the ingress exposes the OTLP receiver, which runs only with tracing.enabled: true",
          null);
    }
  }

  private void customConfig() {
    String text = values.customConfig();
    if (text.chars()
        .anyMatch(c -> Escaping.ALLOY.unprintable(c) && c != '\n' && c != '\t' && c != '\r')) {
      report("customConfig", "customConfig contains control characters", null);
    }
  }
}
