package io.alloyfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.fleet.values.ClusterValues;
import io.alloyfleet.fleet.values.ValuesSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every validation rule, with the exact message a user sees. */
class FleetLoaderTest {

  private static final FleetLoader LOADER = new FleetLoader(ValuesSchema.load());
  private static final String FLEET =
      """
      endpoints:
        otlp:
          url: https://otlp.example.com:4317
      """;
  private static final String GOOD =
      """
      cluster:
        environment: production
      monitoring:
        namespaces: [payments]
      """;

  static MemoryFiles fleet() {
    return new MemoryFiles().with("fleet.yaml", FLEET).with("clusters/good/cluster.yaml", GOOD);
  }

  static List<String> problems(MemoryFiles files, String id) {
    Fleet fleet = LOADER.load(files);
    return fleet.invalid().stream()
        .filter(i -> i.id().equals(id))
        .findFirst()
        .map(i -> i.problems().stream().map(Problem::format).toList())
        .orElse(List.of());
  }

  static List<String> problemsOf(String clusterYaml) {
    return problems(fleet().with("clusters/bad/cluster.yaml", clusterYaml), "bad");
  }

  @Test
  void goodClusterIsValidWithDefaultsApplied() {
    Fleet fleet = LOADER.load(fleet());
    assertThat(fleet.invalid()).isEmpty();
    ClusterSpec spec = fleet.valid().get(0);
    assertThat(spec.name()).isEqualTo("good");
    assertThat(spec.values().agent().namespace()).isEqualTo("monitoring");
    assertThat(spec.values().rbac().scope()).isEqualTo(ClusterValues.RbacScope.NAMESPACE);
    assertThat(spec.values().endpoints().otlp().protocol()).isEqualTo("grpc");
  }

  @Test
  void unknownKeyGetsDidYouMean() {
    assertThat(problemsOf(GOOD + "rbac:\n  scoep: cluster\n"))
        .containsExactly(
            "clusters/bad/cluster.yaml:6:3: error: rbac.scoep: unknown key\n  hint: did you mean \"rbac.scope\"?");
  }

  @Test
  void enumValueIsCheckedWithHint() {
    assertThat(problemsOf(GOOD + "rbac:\n  scope: namespaces\n"))
        .containsExactly(
            "clusters/bad/cluster.yaml:6:10: error: rbac.scope: \"namespaces\" is not one of namespace, cluster\n  hint: did you mean \"namespace\"?");
  }

  @Test
  void wrongTypeIsReported() {
    assertThat(problemsOf(GOOD + "logging:\n  enabled: sometimes\n"))
        .containsExactly(
            "clusters/bad/cluster.yaml:6:12: error: logging.enabled: expected true or false, got the string \"sometimes\"");
  }

  @Test
  void yamlAlloyErrorIsLocated() {
    assertThat(problemsOf("cluster:\n  environment: [production\n"))
        .singleElement()
        .asString()
        .startsWith("clusters/bad/cluster.yaml:3:1: error: YAML syntax:");
  }

  @Test
  void missingEnvironmentAndEndpointAreRequired() {
    List<String> problems =
        problems(
            new MemoryFiles().with("clusters/bad/cluster.yaml", "monitoring:\n  namespaces: [a]\n"),
            "bad");
    assertThat(problems)
        .containsExactly(
            "clusters/bad/cluster.yaml:1:1: error: cluster.environment: missing required value",
            "clusters/bad/cluster.yaml:1:1: error: endpoints.otlp.url: missing required value");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Payments|cluster id \"Payments\" is not a DNS-1123 label",
        "-lead|cluster id \"-lead\" is not a DNS-1123 label",
        "a_b|cluster id \"a_b\" is not a DNS-1123 label"
      })
  void clusterIdMustBeDnsLabel(String id, String message) {
    assertThat(problems(fleet().with("clusters/" + id + "/cluster.yaml", GOOD), id))
        .singleElement()
        .asString()
        .startsWith("clusters/" + id + ":1:1: error: " + message);
  }

  @Test
  void duplicateClusterNamesAreRefusedOnBothClusters() {
    MemoryFiles files =
        fleet()
            .with(
                "clusters/one/cluster.yaml",
                GOOD
                    + "cluster:\n  name: shared\n  environment: production\n"
                        .replaceFirst("cluster:\n", ""))
            .with(
                "clusters/one/cluster.yaml",
                "cluster:\n  name: shared\n  environment: production\nmonitoring:\n  namespaces: [a]\n")
            .with(
                "clusters/two/cluster.yaml",
                "cluster:\n  name: shared\n  environment: production\nmonitoring:\n  namespaces: [a]\n");
    assertThat(problems(files, "one"))
        .singleElement()
        .asString()
        .contains("cluster.name: cluster name \"shared\" is also used by clusters/two");
    assertThat(problems(files, "two"))
        .singleElement()
        .asString()
        .contains("is also used by clusters/one");
    assertThat(LOADER.load(files).valid()).extracting(ClusterSpec::id).containsExactly("good");
  }

  @Test
  void infrastructureMonitoringNeedsClusterScope() {
    assertThat(problemsOf(GOOD.replace("monitoring:\n", "monitoring:\n  applicationOnly: false\n")))
        .containsExactly(
            "clusters/bad/cluster.yaml:4:20: error: monitoring.applicationOnly: infrastructure monitoring (applicationOnly: false) needs rbac.scope: cluster\n"
                + "  hint: set rbac.scope: cluster, or keep monitoring.applicationOnly: true");
  }

  @Test
  void namespaceScopeNeedsNamespaces() {
    assertThat(problemsOf("cluster:\n  environment: production\n"))
        .containsExactly(
            "clusters/bad/cluster.yaml:1:1: error: monitoring.namespaces: rbac.scope: namespace needs at least one namespace to monitor\n"
                + "  hint: list the namespaces under monitoring.namespaces, or use rbac.scope: cluster");
  }

  @Test
  void namespaceNamesMustBeDnsLabels() {
    assertThat(problemsOf(GOOD.replace("[payments]", "[payments, Bad_NS]")))
        .containsExactly(
            "clusters/bad/cluster.yaml:4:26: error: monitoring.namespaces[1]: \"Bad_NS\" is not a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)");
  }

  @ParameterizedTest
  @CsvSource({
    "30s,true",
    "2m,true",
    "1h30m,true",
    "10500ms,true", // a scrape interval is at least the 10s scrape timeout
    "500ms,false",
    "30,false",
    "1d,false",
    "0s,false",
    "fast,false"
  })
  void durationsAreThoseAlloyAccepts(String duration, boolean ok) {
    List<String> problems = problemsOf(GOOD + "metrics:\n  scrapeInterval: " + duration + "\n");
    if (ok) {
      assertThat(problems).isEmpty();
    } else {
      assertThat(problems).singleElement().asString().contains("metrics.scrapeInterval:");
    }
  }

  @Test
  void durationWithoutUnitIsRefusedWithExample() {
    assertThat(problemsOf(GOOD + "metrics:\n  scrapeInterval: 30\n"))
        .containsExactly(
            "clusters/bad/cluster.yaml:6:19: error: metrics.scrapeInterval: \"30\" is not a duration such as 30s, 2m or 1h30m");
  }

  @Test
  void quantitiesAreCheckedAndRequestsMayNotExceedLimits() {
    String resources =
        "deployment:\n  resources:\n    requests:\n      cpu: 2\n      memory: 128MB\n    limits:\n      cpu: 500m\n";
    assertThat(problemsOf(GOOD + resources))
        .containsExactly(
            "clusters/bad/cluster.yaml:9:15: error: deployment.resources.requests.memory: \"128MB\" is not a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi");
    String tooMuch =
        "deployment:\n  resources:\n    requests:\n      cpu: 2\n    limits:\n      cpu: 500m\n";
    assertThat(problemsOf(GOOD + tooMuch))
        .containsExactly(
            "clusters/bad/cluster.yaml:8:12: error: deployment.resources.requests.cpu: request 2 is greater than the limit 500m\n  hint: a request must not exceed its limit");
  }

  @Test
  void hpaRangesAndTargets() {
    String hpa =
        "hpa:\n  enabled: true\n  minReplicas: 5\n  maxReplicas: 3\n  targetCPUUtilizationPercentage: 150\n";
    assertThat(problemsOf(GOOD + hpa))
        .containsExactly(
            "clusters/bad/cluster.yaml:9:35: error: hpa.targetCPUUtilizationPercentage: 150 is out of range 1–100");
    String inverted = "hpa:\n  enabled: true\n  minReplicas: 5\n  maxReplicas: 3\n";
    assertThat(problemsOf(GOOD + inverted))
        .containsExactly(
            "clusters/bad/cluster.yaml:7:16: error: hpa.minReplicas: minReplicas 5 is greater than maxReplicas 3");
    String noRequest =
        "hpa:\n  enabled: true\n  targetMemoryUtilizationPercentage: 80\ndeployment:\n  resources:\n    requests:\n      memory: null\n";
    assertThat(problemsOf(GOOD + noRequest))
        .containsExactly(
            "clusters/bad/cluster.yaml:7:38: error: hpa.targetMemoryUtilizationPercentage: a memory utilization target needs deployment.resources.requests.memory\n"
                + "  hint: utilization is measured against the request");
  }

  @Test
  void endpointUrlsAreAbsoluteHttpsWithoutCredentials() {
    assertThat(
            problemsOf(GOOD + "endpoints:\n  otlp:\n    url: https://user:pw@otlp.example.com\n"))
        .containsExactly(
            "clusters/bad/cluster.yaml:7:10: error: endpoints.otlp.url: credentials must not be part of the URL");
    assertThat(problemsOf(GOOD + "endpoints:\n  otlp:\n    url: otlp.example.com:4317\n"))
        .singleElement()
        .asString()
        .contains("endpoints.otlp.url:");
    assertThat(problemsOf(GOOD + "endpoints:\n  logs:\n    url: http://loki.example.com\n"))
        .containsExactly(
            "clusters/bad/cluster.yaml:7:10: error: endpoints.logs.url: plain http sends telemetry unencrypted\n"
                + "  hint: use https, or opt in with endpoints.allowPlainHttp: true");
    assertThat(
            problemsOf(
                GOOD
                    + "endpoints:\n  allowPlainHttp: true\n  logs:\n    url: http://loki.example.com\n"))
        .isEmpty();
  }

  @Test
  void literalTokenIsRefusedAndNeverEchoed() {
    List<String> problems = problemsOf(GOOD + "auth:\n  enabled: true\n  token: s3cr3t-v4lue\n");
    assertThat(problems)
        .contains(
            "clusters/bad/cluster.yaml:7:10: error: auth.token: a literal token is refused: a token in Git is a leaked token\n"
                + "  hint: put it in a Secret, set auth.tokenSecretRef {name, key}, and rotate the token that was committed",
            "clusters/bad/cluster.yaml:6:12: error: auth.enabled: auth.enabled needs auth.tokenSecretRef\n"
                + "  hint: name the Secret and key that hold the bearer token");
    assertThat(String.join("\n", problems)).doesNotContain("s3cr3t");
  }

  @Test
  void podIdentityNeedsIdentityId() {
    assertThat(problemsOf(GOOD + "podIdentity:\n  enabled: true\n"))
        .containsExactly(
            "clusters/bad/cluster.yaml:6:12: error: podIdentity.enabled: podIdentity.enabled needs podIdentity.identityId\n"
                + "  hint: set the client id of the managed identity");
  }

  @Test
  void excludedResourcesCannotBeGrantedByAdditionalRules() {
    String rbac =
        "rbac:\n  additionalRules:\n    - apiGroups: [\"\"]\n      resources: [secrets]\n      verbs: [get]\n  excludeResources: [secrets]\n";
    assertThat(problemsOf(GOOD + rbac))
        .containsExactly(
            "clusters/bad/cluster.yaml:8:19: error: rbac.additionalRules[0].resources[0]: \"secrets\" grants what rbac.excludeResources forbids (secrets)\n"
                + "  hint: remove it from the rule or from excludeResources");
  }

  @Test
  void aliasBombIsRefusedNotExpanded() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char p = (char) (c - 1);
      bomb.append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(p)
          .append(", *")
          .append(p)
          .append(", *")
          .append(p)
          .append(", *")
          .append(p)
          .append("]\n");
    }
    List<String> problems = problemsOf(bomb.toString());
    assertThat(problems).singleElement().asString().startsWith("clusters/bad/cluster.yaml:");
    assertThat(problems.get(0)).containsAnyOf("aliases", "expands");
  }

  @Test
  void oversizeFileIsRefused() {
    String huge = GOOD + "customConfig: |\n" + "  // padding\n".repeat(30_000);
    assertThat(problemsOf(huge))
        .containsExactly(
            "clusters/bad/cluster.yaml:1:1: error: file is larger than 256 KiB\n  hint: values files hold settings; move large Alloy text into clusters/<id>/*.alloy files");
  }

  @Test
  void problemInFleetFileIsReportedThereAndInvalidatesItsClusters() {
    MemoryFiles files = fleet().with("fleet.yaml", FLEET + "tracing:\n  enabled: maybe\n");
    assertThat(problems(files, "good"))
        .containsExactly(
            "fleet.yaml:5:12: error: tracing.enabled: expected true or false, got the string \"maybe\"");
  }

  @Test
  void problemInEnvironmentFileInvalidatesOnlyThatEnvironment() {
    MemoryFiles files =
        fleet()
            .with("environments/production.yaml", "logging:\n  minLevel: verbose\n")
            .with("environments/staging.yaml", "")
            .with("clusters/stage/cluster.yaml", GOOD.replace("production", "staging"));
    Fleet fleet = LOADER.load(files);
    assertThat(fleet.valid()).extracting(ClusterSpec::id).containsExactly("stage");
    assertThat(problems(files, "good"))
        .singleElement()
        .asString()
        .startsWith(
            "environments/production.yaml:2:13: error: logging.minLevel: \"verbose\" is not one of trace, debug, info, warn, error");
  }

  @Test
  void layersMergeFleetThenEnvironmentThenCluster() {
    MemoryFiles files =
        fleet()
            .with(
                "fleet.yaml",
                FLEET
                    + "logging:\n  minLevel: warn\nmetrics:\n  scrapeInterval: 15s\ntenant:\n  id: fleet\n")
            .with(
                "environments/production.yaml",
                "logging:\n  minLevel: error\nmonitoring:\n  namespaces: [env-ns]\n")
            .with(
                "clusters/good/cluster.yaml", GOOD + "tenant: null\nmetrics:\n  enabled: false\n");
    ClusterSpec spec = LOADER.load(files).valid().get(0);
    assertThat(spec.values().logging().minLevel()).isEqualTo("error");
    assertThat(spec.values().metrics().scrapeInterval()).isEqualTo("15s");
    assertThat(spec.values().metrics().enabled()).isFalse();
    assertThat(spec.values().monitoring().namespaces()).containsExactly("payments");
    assertThat(spec.values().tenant().id()).isNull();
  }

  @Test
  void unknownEnvironmentIsRefusedWhenEnvironmentsAreDeclared() {
    MemoryFiles files =
        fleet()
            .with("environments/production.yaml", "")
            .with("clusters/good/cluster.yaml", GOOD.replace("production", "prodution"));
    assertThat(problems(files, "good"))
        .containsExactly(
            "clusters/good/cluster.yaml:2:16: error: cluster.environment: unknown environment \"prodution\" (no environments/prodution.yaml)\n"
                + "  hint: did you mean \"production\"?");
  }

  @Test
  void everyProblemOfAClusterIsReportedAtOnce() {
    List<String> problems =
        problemsOf(
            "cluster:\n  environment: production\nrbac:\n  scoep: x\nlogging:\n  minLevel: loud\nmetrics:\n  scrapeInterval: 30\n");
    assertThat(problems).hasSize(3);
  }

  @Test
  void badClusterDoesNotStopTheOthers() {
    Fleet fleet = LOADER.load(fleet().with("clusters/bad/cluster.yaml", "cluster: [\n"));
    assertThat(fleet.valid()).extracting(ClusterSpec::id).containsExactly("good");
    assertThat(fleet.invalid()).extracting(Invalid::id).containsExactly("bad");
  }
}
