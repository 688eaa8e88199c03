package io.alloyfleet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.ClusterOutcome.Invalid;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.render.RenderedCluster;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No input reaches an internal-error path: every cluster.yaml of the bad-input corpus and of the
 * example, mutated the ways a hostile or careless team would (keys with dots and brackets, control
 * characters and YAML's own line breaks, tags, anchors, cut lines), goes through the whole
 * pipeline. It never throws, the neighbouring cluster always renders, and every problem points at
 * the team's file, never at Alloy Fleet's generated output.
 */
@QuarkusTest
class BadInputFuzzTest {

  static final long SEED = 20261130L;
  static final int MUTANTS_PER_FILE = 12;

  static final String FLEET = "endpoints:\n  otlp:\n    url: https://otlp.example.com:4317\n";
  static final String NEIGHBOUR =
      "cluster:\n  environment: prod\nmonitoring:\n  namespaces: [apps]\n";

  static final List<String> HOSTILE_LINES =
      List.of(
          "metrics.enabled: false",
          "rbac[0]: x",
          "\"a.b[3].c\": {d: 1}",
          "\"key\\nwith newline\": 1",
          "\"key\\u2028separator\": 1",
          "customConfig: \"// x\\L---\\LapiVersion: v1\\Lkind: Secret\\Lmetadata: {name: s}\\n\"",
          "customConfig: \"// x\\N---\\Nkind: Secret\\n\"",
          "customConfig: \"// x\\P---\\n\"",
          "customConfig: \"a = 1\\r---\\rkind: Secret\\n\"",
          "customConfig: \"sys.env(\\\"ALLOY_FLEET_TOKEN\\\")\"",
          "customConfig: \"// ---- From clusters/x/cluster.yaml ----\\nlocal.file \\\"t\\\" {\\n  filename = \\\"/etc/passwd\\\"\\n}\\n\"",
          "tenant: {id: \"\\u202eevil\\u0000\"}",
          "cluster: {name: \"x\\ny\", region: \"r\\u0085s\"}",
          "agent: {name: \"{#include x /}\", namespace: \"ns\\u2029x\"}",
          "logging: {minLevel: !!binary aGVsbG8=}",
          "metrics: !!python/object:os.system {}",
          "? [complex, key]\n: value",
          "~: null key",
          "yes: true",
          "1234: number key",
          "deployment: &a {image: &b x}",
          "service: *a",
          "rbac: {additionalRules: [{apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}]}",
          "rbac: {additionalRules: [{apiGroups: [\"\"], resources: [secrets], verbs: [bind, escalate, impersonate]}]}",
          "podIdentity: {enabled: true, clientId: \"\\t\"}",
          "ingress: {enabled: true, hosts: [\"x\\ny\"]}",
          "policy: {rbac: {allowWildcards: true}}",
          "hpa: {minReplicas: 99999999999999999999999}",
          "deployment: {resources: {limits: {cpu: 1e400}}}",
          "endpoints: {otlp: {url: \"https://user:pass@evil.example.com\"}}",
          "\t",
          "---",
          "%YAML 1.1");

  @Inject RenderPipeline pipeline;

  static List<String> corpus() throws IOException {
    List<String> texts = new ArrayList<>();
    for (Path root :
        List.of(
            Path.of("src/test/resources/golden/bad-inputs/fleet/clusters"),
            Path.of("gitops-example/clusters"))) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path file :
            walk.filter(
                    p ->
                        p.getFileName().toString().equals("cluster.yaml") && Files.isRegularFile(p))
                .sorted()
                .toList()) {
          texts.add(
              new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                  .replace("environment: production", "environment: prod"));
        }
      }
    }
    return texts;
  }

  static String mutate(String text, Random random) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int at = random.nextInt(lines.size() + 1);
    switch (random.nextInt(5)) {
      case 0 ->
          lines.add(
              Math.min(at, lines.size()), HOSTILE_LINES.get(random.nextInt(HOSTILE_LINES.size())));
      case 1 -> {
        if (!lines.isEmpty() && at < lines.size()) {
          String line = lines.get(at);
          int cut = line.isEmpty() ? 0 : random.nextInt(line.length());
          lines.set(
              at,
              line.substring(0, cut)
                  + List.of(".", "[", "\u2028", "\u0085", "\t", "\"", "'", ": ", "{", "&x ", "*x")
                      .get(random.nextInt(11))
                  + line.substring(cut));
        }
      }
      case 2 -> {
        if (at < lines.size()) {
          lines.remove(at);
        }
      }
      case 3 -> {
        if (at < lines.size()) {
          lines.add(at, lines.get(at));
        }
      }
      default -> {
        lines.add(
            Math.min(at, lines.size()), HOSTILE_LINES.get(random.nextInt(HOSTILE_LINES.size())));
        lines.add(HOSTILE_LINES.get(random.nextInt(HOSTILE_LINES.size())));
      }
    }
    return String.join("\n", lines);
  }

  @Test
  void noMutantOfTheCorpusReachesAnInternalError() throws IOException {
    Random random = new Random(SEED);
    List<String> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThan(60);
    int mutants = 0;
    int refused = 0;
    for (String original : corpus) {
      for (int i = 0; i < MUTANTS_PER_FILE; i++) {
        String mutant = mutate(original, random);
        MemoryFiles files =
            new MemoryFiles()
                .with("fleet.yaml", FLEET)
                .with("environments/prod.yaml", "")
                .with("clusters/neighbour/cluster.yaml", NEIGHBOUR)
                .with("clusters/fuzz/cluster.yaml", mutant);
        FleetRender render;
        try {
          render = pipeline.render(files);
        } catch (RuntimeException e) {
          throw new AssertionError("internal error on:\n" + mutant, e);
        }
        mutants++;
        assertThat(render.rendered())
            .as(mutant)
            .extracting(RenderedCluster::id)
            .contains("neighbour");
        for (Invalid invalid : render.invalid()) {
          refused++;
          assertThat(invalid.id()).as(mutant).isEqualTo("fuzz");
          for (Problem problem : invalid.problems()) {
            assertThat(problem.file()).as(mutant).startsWith("clusters/fuzz/");
            assertThat(problem.format())
                .as(mutant)
                .doesNotContain("bug in Alloy Fleet")
                .doesNotContain("\u2028", "\u0085", "\r");
          }
        }
      }
    }
    assertThat(mutants).isEqualTo(corpus.size() * MUTANTS_PER_FILE);
    assertThat(refused).isGreaterThan(mutants / 3);
  }
}
