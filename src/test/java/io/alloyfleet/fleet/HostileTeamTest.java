package io.alloyfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.DirectoryFiles;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.fleet.policy.AlloyPolicy;
import io.alloyfleet.fleet.policy.Hosts;
import io.alloyfleet.fleet.policy.Policy;
import io.alloyfleet.fleet.values.ValuesSchema;
import io.alloyfleet.source.GitTreeFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's directory is untrusted: whatever it holds affects only its cluster, only within the
 * platform team's policy, and reaches no internal error. Each case is one a hostile team tried.
 */
public class HostileTeamTest {

  public static final String FLEET =
      "endpoints:\n  otlp:\n    url: https://otlp.example.com:4317\n";
  public static final String CLUSTER =
      "cluster:\n  environment: production\nmonitoring:\n  namespaces: [apps]\n";

  final FleetLoader loader = new FleetLoader(ValuesSchema.load());

  MemoryFiles fleet() {
    return new MemoryFiles()
        .with("fleet.yaml", FLEET)
        .with("environments/production.yaml", "")
        .with("clusters/neighbour/cluster.yaml", CLUSTER);
  }

  public static List<String> problems(Fleet fleet, String id) {
    return fleet.invalid().stream()
        .filter(i -> i.id().equals(id))
        .flatMap(i -> i.problems().stream())
        .map(Problem::format)
        .toList();
  }

  @Test
  void aKeyWithADotIsALocatedProblemOfItsClusterAlone() {
    Fleet loaded =
        loader.load(
            fleet()
                .with("clusters/dotted/cluster.yaml", CLUSTER + "metrics.enabled: false\n")
                .with(
                    "clusters/bracketed/cluster.yaml",
                    CLUSTER
                        + "rbac:\n  additionalRules[0]: {apiGroups: [\"\"], resources: [pods], verbs: [get]}\n"));

    assertThat(problems(loaded, "dotted"))
        .containsExactly(
            """
        clusters/dotted/cluster.yaml:5:1: error: metrics.enabled: unknown key
          hint: a key is one name, not a path: did you mean metrics: {enabled: …}?""");
    assertThat(problems(loaded, "bracketed"))
        .singleElement()
        .asString()
        .startsWith(
            "clusters/bracketed/cluster.yaml:6:3: error: rbac.additionalRules[0]: unknown key");
    assertThat(loaded.valid()).extracting(ClusterSpec::id).containsExactly("neighbour");
  }

  @Test
  void noProblemCanForgeAnotherLineInALogOrACiAnnotation() {
    Fleet loaded =
        loader.load(
            fleet()
                .with(
                    "clusters/forger/cluster.yaml",
                    CLUSTER
                        + "\"x\\n::error file=README.md::forged\": 1\n"
                        + "logging:\n  minLevel: \"info\\u2028ERROR forged\\r\\u0085\\u202e\"\n"));

    List<String> printed = problems(loaded, "forger");
    assertThat(printed).hasSize(2);
    for (String problem : printed) {
      String head = problem.lines().findFirst().orElseThrow();
      assertThat(problem.lines().skip(1)).allMatch(line -> line.startsWith("  hint: "));
      assertThat(head)
          .startsWith("clusters/forger/cluster.yaml:")
          .doesNotContain("\u2028", "\r", "\u0085", "\u202e");
    }
    assertThat(printed.get(0)).contains("x\\n::error file=README.md::forged: unknown key");
    assertThat(printed.get(1))
        .contains("\"info\\u2028ERROR forged\\r\\u0085\\u202e\" is not one of");
  }

  @Test
  void aSymlinkAnywhereInTheFleetIsAProblemOfWhatItFeeds(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("fleet");
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("production.yaml"), "token: hunter2-do-not-echo\n");
    Files.createDirectories(root.resolve("clusters/neighbour"));
    Files.writeString(root.resolve("fleet.yaml"), FLEET);
    Files.writeString(root.resolve("clusters/neighbour/cluster.yaml"), CLUSTER);
    Files.createDirectories(root.resolve("clusters/aliased"));
    Files.writeString(root.resolve("clusters/aliased/cluster.yaml"), CLUSTER);
    Files.createSymbolicLink(
        root.resolve("clusters/aliased/extra.alloy"), root.resolve("fleet.yaml"));
    Files.createSymbolicLink(root.resolve("clusters/linked"), root.resolve("clusters/neighbour"));

    // The same fleet read from a directory (the CLI) and from a commit (the controller).
    Fleet onDisk = loader.load(new DirectoryFiles(root));
    Fleet inGit;
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      RevCommit commit = git.commit().setMessage("fleet").setSign(false).call();
      inGit =
          new FleetLoader(ValuesSchema.load())
              .load(new GitTreeFiles(git.getRepository(), commit.getTree(), ""));
    }

    for (Fleet fleet : List.of(onDisk, inGit)) {
      assertThat(problems(fleet, "aliased"))
          .containsExactly(
              """
          clusters/aliased/extra.alloy:1:1: error: clusters/aliased/extra.alloy is a symbolic link; links are not followed
            hint: commit the file itself""");
      assertThat(problems(fleet, "linked"))
          .singleElement()
          .asString()
          .startsWith(
              "clusters/linked:1:1: error: clusters/linked is a symbolic link; links are not followed");
      assertThat(fleet.valid()).extracting(ClusterSpec::id).containsExactly("neighbour");
    }

    // A symlinked environments/ reaches files outside the fleet: refused, never read or echoed.
    Files.createSymbolicLink(root.resolve("environments"), outside);
    Fleet linkedEnvironments = loader.load(new DirectoryFiles(root));
    assertThat(problems(linkedEnvironments, "neighbour"))
        .containsExactly(
            "environments/production.yaml:1:1: error: environments is a symbolic link; links are not followed");
    assertThat(linkedEnvironments.toString()).doesNotContain("hunter2");
  }

  @Test
  void aPolicyIsSetOnlyAboveTheClustersAndAnEnvironmentOnlyTightensIt() {
    Fleet loaded =
        loader.load(
            new MemoryFiles()
                .with(
                    "fleet.yaml",
                    FLEET
                        + """
            policy:
              locked: [rbac.excludeResources, endpoints]
              rbac:
                forbiddenResources: [secrets]
              alloy:
                allowedHosts: [otlp.example.com]
            """)
                .with(
                    "environments/production.yaml",
                    """
            policy:
              locked: [auth, not.a.key]
              rbac:
                allowWildcards: true
              alloy:
                allowedHosts: [otlp.example.com, elsewhere.example.com]
            """)
                .with(
                    "environments/staging.yaml",
                    "endpoints:\n  otlp:\n    url: https://otlp.staging.example.com:4317\n")
                .with(
                    "clusters/own-policy/cluster.yaml",
                    "cluster:\n  environment: development\npolicy:\n  rbac:\n    allowWildcards: true\n")
                .with("environments/development.yaml", "")
                .with(
                    "clusters/staging-one/cluster.yaml",
                    "cluster:\n  environment: staging\nmonitoring:\n  namespaces: [apps]\n")
                .with("clusters/prod-one/cluster.yaml", CLUSTER));

    assertThat(problems(loaded, "own-policy"))
        .containsExactly(
            """
        clusters/own-policy/cluster.yaml:3:1: error: policy: a policy may be set only in fleet.yaml and environment files
          hint: the platform team owns the policy: ask them to change it""");
    assertThat(problems(loaded, "staging-one"))
        .containsExactly(
            """
        environments/staging.yaml:1:1: error: endpoints: endpoints is locked by fleet.yaml:5:35: policy.locked
          hint: only the file that locked it, or one above it, may set it""");
    assertThat(problems(loaded, "prod-one"))
        .containsExactly(
            "environments/production.yaml:2:18: error: policy.locked: unknown key path \"not.a.key\"\n"
                + "  hint: lock a key of the values format, e.g. rbac.excludeResources",
            "environments/production.yaml:4:21: error: policy.rbac.allowWildcards: an environment may only tighten the fleet's policy: wildcards are refused by the default policy (policy.rbac.allowWildcards)",
            "environments/production.yaml:6:38: error: policy.alloy.allowedHosts: an environment may only tighten the fleet's policy: \"elsewhere.example.com\" is not among the fleet's allowed hosts (fleet.yaml:9:20: policy.alloy.allowedHosts)");
  }

  @Test
  void additionalRbacRulesNeverGrantWhatThePolicyForbids() {
    Function<String, Fleet> load =
        rules ->
            loader.load(
                fleet()
                    .with(
                        "clusters/grabby/cluster.yaml",
                        CLUSTER + "rbac:\n  additionalRules:\n" + rules));

    assertThat(
            problems(
                load.apply("    - {apiGroups: [\"\"], resources: [pods], verbs: [get]}\n"),
                "grabby"))
        .isEmpty();
    assertThat(
            problems(
                load.apply("    - {apiGroups: [\"*\"], resources: [pods], verbs: [get]}\n"),
                "grabby"))
        .singleElement()
        .asString()
        .contains(
            "rbac.additionalRules[0].apiGroups[0]: wildcard \"*\" is refused by the default policy (policy.rbac.allowWildcards)");
    assertThat(
            problems(
                load.apply(
                    "    - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [impersonate]}\n"),
                "grabby"))
        .singleElement()
        .asString()
        .contains(
            "verb \"impersonate\" is forbidden by the default policy (policy.rbac.forbiddenVerbs)");

    Fleet allowed =
        loader.load(
            fleet()
                .with(
                    "fleet.yaml",
                    FLEET
                        + "policy:\n  rbac:\n    allowWildcards: true\n    forbiddenResources: [secrets]\n    forbiddenVerbs: []\n")
                .with(
                    "clusters/grabby/cluster.yaml",
                    CLUSTER
                        + "rbac:\n  additionalRules:\n    - {apiGroups: [\"*\"], resources: [\"deployments\", \"secrets/*\"], verbs: [bind]}\n"));
    assertThat(problems(allowed, "grabby"))
        .singleElement()
        .asString()
        .contains(
            "rbac.additionalRules[0].resources[1]: \"secrets/*\" would grant \"secrets\", which is forbidden by fleet.yaml:7:26: policy.rbac.forbiddenResources");
  }

  @Test
  void withoutAllowedHostsTheClustersOwnEndpointsAreTheAllowedHosts() {
    Fleet loaded =
        loader.load(
            fleet()
                .with(
                    "clusters/c/cluster.yaml",
                    CLUSTER + "endpoints:\n  traces:\n    url: https://traces.example.com:4317\n"));

    AlloyPolicy policy =
        loaded.valid().stream()
            .filter(s -> s.id().equals("c"))
            .findFirst()
            .orElseThrow()
            .alloyPolicy();
    assertThat(policy.explicitHosts()).isFalse();
    assertThat(policy.allowedHosts())
        .extracting(Policy.Rule::value)
        .containsExactly(
            "otlp.example.com",
            "traces.example.com",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "*.svc",
            "*.svc.cluster.local");
  }

  @Test
  void hostsAreReadFromUrlsAndGrpcTargets() {
    assertThat(Hosts.of("https://OTLP.example.com:4318/v1/traces")).contains("otlp.example.com");
    assertThat(Hosts.of("otlp.example.com:4317")).contains("otlp.example.com");
    assertThat(Hosts.of("dns:///otlp.example.com:4317")).contains("otlp.example.com");
    assertThat(Hosts.of("not a host")).isEmpty();
    assertThat(Hosts.matches("*.example.com", "a.example.com")).isTrue();
    assertThat(Hosts.matches("*.example.com", "example.com")).isFalse();
    assertThat(Hosts.matches("*.example.com", "evil-example.com")).isFalse();
  }
}
