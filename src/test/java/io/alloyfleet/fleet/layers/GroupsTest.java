package io.alloyfleet.fleet.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterOutcome;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.fleet.Explanation;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.FleetLoader;
import io.alloyfleet.fleet.HostileTeamTest;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.fleet.values.ValuesSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values by label: groups/<name>.yaml, their selectors, their order, and where a value comes from.
 */
public class GroupsTest {

  public static final String FLEET =
      "endpoints:\n  otlp:\n    url: https://otlp.example.com:4317\n";

  final FleetLoader loader = new FleetLoader(ValuesSchema.load());

  public static String cluster(String labels) {
    return "cluster:\n  environment: production\n  labels: "
        + labels
        + "\nmonitoring:\n  namespaces: [apps]\n";
  }

  public static MemoryFiles fleet() {
    return new MemoryFiles()
        .with("fleet.yaml", FLEET)
        .with("environments/production.yaml", "metrics:\n  scrapeInterval: 45s\n")
        .with("clusters/weu-large/cluster.yaml", cluster("{region: westeurope, tier: large}"))
        .with("clusters/weu-small/cluster.yaml", cluster("{region: westeurope, tier: small}"))
        .with("clusters/eus-xlarge/cluster.yaml", cluster("{region: eastus, tier: xlarge}"))
        .with("clusters/unlabelled/cluster.yaml", cluster("{}"));
  }

  static Map<String, ClusterSpec> valid(Fleet fleet) {
    return fleet.valid().stream().collect(Collectors.toMap(ClusterSpec::id, s -> s));
  }

  public static List<String> problems(Fleet fleet, String id) {
    return HostileTeamTest.problems(fleet, id);
  }

  @Test
  void everySelectorOperatorMatchesAsInKubernetes() {
    Fleet loaded =
        loader.load(
            fleet()
                .with(
                    "groups/in.yaml",
                    "selector:\n  matchExpressions:\n    - {key: tier, operator: In, values: [large, xlarge]}\nvalues: {}\n")
                .with(
                    "groups/not-in.yaml",
                    "selector:\n  matchExpressions:\n    - {key: tier, operator: NotIn, values: [small]}\nvalues: {}\n")
                .with(
                    "groups/exists.yaml",
                    "selector:\n  matchExpressions:\n    - {key: region, operator: Exists}\nvalues: {}\n")
                .with(
                    "groups/does-not-exist.yaml",
                    "selector:\n  matchExpressions:\n    - {key: region, operator: DoesNotExist}\nvalues: {}\n")
                .with(
                    "groups/weu.yaml",
                    "selector:\n  matchLabels: {region: westeurope}\nvalues: {}\n")
                .with("groups/everyone.yaml", "selector: {}\nvalues: {}\n"));

    Map<String, ClusterSpec> specs = valid(loaded);
    assertThat(specs.get("weu-large").groups())
        .containsExactly("everyone", "exists", "in", "not-in", "weu");
    assertThat(specs.get("weu-small").groups()).containsExactly("everyone", "exists", "weu");
    assertThat(specs.get("eus-xlarge").groups())
        .containsExactly("everyone", "exists", "in", "not-in");
    assertThat(specs.get("unlabelled").groups())
        .containsExactly("does-not-exist", "everyone", "not-in");
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void groupsMergeAfterTheEnvironmentInAscendingPriorityThenByNameAndTheClusterWins() {
    Fleet loaded =
        loader.load(
            fleet()
                .with(
                    "groups/b-region.yaml",
                    "selector:\n  matchLabels: {region: westeurope}\nvalues:\n  metrics: {scrapeInterval: 20s}\n  logging: {minLevel: warn}\n")
                .with(
                    "groups/a-large.yaml",
                    "selector:\n  matchLabels: {tier: large}\npriority: 10\nvalues:\n  metrics: {scrapeInterval: 15s}\n")
                .with(
                    "groups/c-region.yaml",
                    "selector:\n  matchLabels: {region: westeurope}\nvalues:\n  logging: {minLevel: warn}\n")
                .with(
                    "clusters/weu-small/cluster.yaml",
                    cluster("{region: westeurope, tier: small}") + "logging: {minLevel: error}\n"));

    Map<String, ClusterSpec> specs = valid(loaded);
    assertThat(specs.get("weu-large").groups()).containsExactly("b-region", "c-region", "a-large");
    assertThat(specs.get("weu-large").values().metrics().scrapeInterval()).isEqualTo("15s");
    assertThat(specs.get("weu-large").values().logging().minLevel()).isEqualTo("warn");
    assertThat(specs.get("weu-small").values().metrics().scrapeInterval()).isEqualTo("20s");
    assertThat(specs.get("weu-small").values().logging().minLevel()).isEqualTo("error");
    assertThat(specs.get("eus-xlarge").values().metrics().scrapeInterval()).isEqualTo("45s");
  }

  @Test
  void twoGroupsOfOnePriorityThatDisagreeAreAnAmbiguityNamingBothFiles() {
    Fleet loaded =
        loader.load(
            fleet()
                .with(
                    "groups/region.yaml",
                    "selector:\n  matchLabels: {region: westeurope}\nvalues:\n  endpoints:\n    otlp: {url: https://otlp-weu.example.com:4317}\n")
                .with(
                    "groups/size.yaml",
                    "selector:\n  matchLabels: {tier: large}\nvalues:\n  endpoints:\n    otlp: {url: https://otlp-big.example.com:4317}\n"));

    assertThat(problems(loaded, "weu-large"))
        .containsExactly(
            """
        groups/size.yaml:5:17: error: endpoints.otlp.url: groups/region.yaml and groups/size.yaml (both priority 0) match this cluster and set endpoints.otlp.url differently (groups/region.yaml:5:17)
          hint: give one group a higher priority, or set the value in one of them only""");
    assertThat(valid(loaded)).containsKeys("weu-small", "eus-xlarge", "unlabelled");
  }

  @Test
  void selectorsThatCannotMatchAndValuesNoLayerAllowsAreLocatedProblems() {
    Fleet loaded =
        loader.load(
            fleet()
                .with(
                    "groups/broken.yaml",
                    "selector:\n  matchExpressions:\n    - {key: tier, operator: Within, values: [a]}\n    - {key: tier, operator: In, values: []}\nvalues: {}\n")
                .with(
                    "groups/nested.yaml",
                    "selector:\n  matchLabels: {tier: small}\nvalues:\n  cluster: {environment: staging, labels: {x: y}}\n  metrics: {scrapeIntervall: 10s}\n")
                .with(
                    "groups/nobody.yaml", "selector:\n  matchLabels: {tier: huge}\nvalues: {}\n"));

    // A selector that is wrong cannot say which clusters it feeds: every cluster keeps its last
    // good render.
    assertThat(loaded.valid()).isEmpty();
    assertThat(problems(loaded, "unlabelled"))
        .contains(
            "groups/broken.yaml:3:29: error: selector.matchExpressions[0].operator: \"Within\" is not one of In, NotIn, Exists, DoesNotExist",
            "groups/broken.yaml:4:7: error: selector.matchExpressions[1].values: operator In needs at least one value: this expression can never match");

    Fleet withoutBroken =
        loader.load(
            fleet()
                .with(
                    "groups/nested.yaml",
                    "selector:\n  matchLabels: {tier: small}\nvalues:\n  cluster: {environment: staging, labels: {x: y}}\n  metrics: {scrapeIntervall: 10s}\n")
                .with(
                    "groups/nobody.yaml", "selector:\n  matchLabels: {tier: huge}\nvalues: {}\n"));
    assertThat(problems(withoutBroken, "weu-small"))
        .extracting(p -> p.lines().findFirst().orElseThrow())
        .containsExactly(
            "groups/nested.yaml:4:13: error: cluster.environment: cluster.environment may not be set by a group",
            "groups/nested.yaml:4:35: error: cluster.labels: cluster.labels may not be set by a group",
            "groups/nested.yaml:5:13: error: metrics.scrapeIntervall: unknown key");
    assertThat(valid(withoutBroken)).containsKeys("weu-large", "eus-xlarge", "unlabelled");
    assertThat(withoutBroken.warnings())
        .extracting(Problem::formatWarning)
        .containsExactly(
            """
        groups/nobody.yaml:1:1: warning: selector: the group matches no cluster
          hint: check its selector and the clusters' labels""");
  }

  @Test
  void aGroupEditChangesTheRenderHashOfTheClustersItMatchesBeforeOrAfterAndNoOthers() {
    MemoryFiles files =
        new MemoryFiles().with("fleet.yaml", FLEET).with("environments/production.yaml", "");
    for (int i = 0; i < 10_000; i++) {
      files.with(
          "clusters/c" + i + "/cluster.yaml",
          cluster(i % 100 == 0 ? "{ring: canary, n: \"" + i + "\"}" : "{n: \"" + i + "\"}"));
    }
    files.with(
        "groups/canary.yaml",
        "selector:\n  matchLabels: {ring: canary}\nvalues:\n  logging: {minLevel: warn}\n");
    Map<String, String> before = hashes(loader.load(files));

    files.with(
        "groups/canary.yaml",
        "selector:\n  matchLabels: {ring: canary}\nvalues:\n  logging: {minLevel: error}\n");
    Map<String, String> after = hashes(loader.load(files));

    Set<String> changed =
        before.keySet().stream()
            .filter(id -> !before.get(id).equals(after.get(id)))
            .collect(Collectors.toSet());
    assertThat(after).hasSize(10_000);
    assertThat(changed).hasSize(100).allMatch(id -> Integer.parseInt(id.substring(1)) % 100 == 0);
  }

  private static Map<String, String> hashes(Fleet fleet) {
    Map<String, String> hashes = new HashMap<>();
    fleet.valid().forEach(spec -> hashes.put(spec.id(), spec.valuesHash()));
    return hashes;
  }

  @Test
  void explainNamesTheFileThatSetAValueAndTheLayersItOverrode() {
    MemoryFiles files =
        fleet()
            .with("fleet.yaml", FLEET + "metrics:\n  scrapeInterval: 60s\n")
            .with(
                "groups/large.yaml",
                "selector:\n  matchLabels: {tier: large}\nvalues:\n  metrics: {scrapeInterval: 15s}\n")
            .with(
                "clusters/weu-large/cluster.yaml",
                cluster("{region: westeurope, tier: large}") + "metrics:\n  scrapeInterval: 10s\n");

    Explanation explained = loader.explain(files, "weu-large").orElseThrow();

    assertThat(explained.outcome()).isInstanceOf(ClusterOutcome.Valid.class);
    Explanation.Source interval = explained.sources().get("metrics.scrapeInterval");
    assertThat(interval.value()).isEqualTo("10s");
    assertThat(interval.file() + ":" + interval.line() + ":" + interval.column())
        .isEqualTo("clusters/weu-large/cluster.yaml:7:19");
    assertThat(interval.overrides())
        .extracting(p -> p.file() + ":" + p.line())
        .containsExactly(
            "(defaults):1",
            "fleet.yaml:5",
            "environments/production.yaml:2",
            "groups/large.yaml:4");
    assertThat(explained.sources().get("cluster.name").file()).isEqualTo("(defaults)");
    assertThat(explained.only("endpoints").sources())
        .containsOnlyKeys(
            "endpoints.otlp.url",
            "endpoints.otlp.protocol",
            "endpoints.allowPlainHttp",
            "endpoints.tls.insecureSkipVerify");
    assertThat(loader.explain(files, "no-such-cluster")).isEmpty();
  }

  @Test
  void aGroupEditLoadsAgainOnlyTheClustersItMatches(@TempDir Path dir) throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      Files.writeString(dir.resolve("fleet.yaml"), FLEET);
      Files.createDirectories(dir.resolve("environments"));
      Files.writeString(dir.resolve("environments/production.yaml"), "");
      for (int i = 0; i < 300; i++) {
        Path cluster = Files.createDirectories(dir.resolve("clusters/c" + i));
        Files.writeString(
            cluster.resolve("cluster.yaml"), cluster(i % 100 == 0 ? "{ring: canary}" : "{}"));
      }
      Files.createDirectories(dir.resolve("groups"));
      Files.writeString(
          dir.resolve("groups/canary.yaml"),
          "selector:\n  matchLabels: {ring: canary}\nvalues:\n  logging: {minLevel: warn}\n");
      RevCommit first = commitAll(git);
      Files.writeString(
          dir.resolve("groups/canary.yaml"),
          "selector:\n  matchLabels: {ring: canary}\nvalues:\n  logging: {minLevel: error}\n");
      RevCommit second = commitAll(git);

      FleetLoader reused = new FleetLoader(ValuesSchema.load());
      Counting before =
          new Counting(
              new io.alloyfleet.source.GitTreeFiles(git.getRepository(), first.getTree(), ""));
      reused.load(before);
      Counting after =
          new Counting(
              new io.alloyfleet.source.GitTreeFiles(git.getRepository(), second.getTree(), ""));
      Fleet edited = reused.load(after);

      assertThat(before.clusterReads).hasValue(300);
      assertThat(after.clusterReads).hasValue(3);
      assertThat(valid(edited).get("c100").values().logging().minLevel()).isEqualTo("error");
      assertThat(valid(edited).get("c101").values().logging().minLevel()).isEqualTo("info");
    }
  }

  private static RevCommit commitAll(Git git) throws Exception {
    git.add().addFilepattern(".").call();
    return git.commit().setMessage("fleet").setSign(false).call();
  }

  /** Counts the cluster.yaml files read: what the loader loads again. */
  static final class Counting implements FleetFiles {
    final FleetFiles files;
    final AtomicInteger clusterReads = new AtomicInteger();

    Counting(FleetFiles files) {
      this.files = files;
    }

    @Override
    public Optional<String> read(String path) throws RefusedFileException {
      if (path.endsWith("/cluster.yaml")) {
        clusterReads.incrementAndGet();
      }
      return files.read(path);
    }

    @Override
    public List<String> directories(String path) {
      return files.directories(path);
    }

    @Override
    public List<String> files(String path) {
      return files.files(path);
    }

    @Override
    public List<String> links(String path) {
      return files.links(path);
    }

    @Override
    public Optional<String> version(String path) {
      return files.version(path);
    }

    @Override
    public Optional<String> version(String directory, String name) {
      return files.version(directory, name);
    }
  }
}
