package io.alloyfleet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Packages depend only downward along the pipeline (docs/architecture.md). A package may use the
 * packages of lower levels, never one of its own level or above: status and feedback cannot know
 * each other, and nothing reaches back into the sync loop.
 */
class ArchitectureTest {

  /**
   * The levels, lowest first; each level's packages may import every package below it. A package is
   * exact: {@code fleet} and {@code fleet.files} are two packages at two levels.
   */
  static final List<List<String>> LEVELS =
      List.of(
          List.of("text", "secrets"),
          List.of("diagnostics", "git"),
          List.of("fleet.files"),
          List.of("fleet.values"),
          List.of("fleet.policy", "fleet.rolloutspec"),
          List.of("fleet.layers"),
          List.of("fleet"),
          List.of("source", "render", "alloy"),
          List.of("check", "signing"),
          List.of("pipeline"),
          List.of("publish"),
          List.of("kube"),
          List.of("rollout"),
          List.of("sync", "preview"),
          List.of("wiring"),
          List.of("status", "feedback", "ops", "notify"),
          List.of("api", "cli"),
          List.of("bench"));

  /** The bench's package: built from src/bench/java with the tests, never in the shipped jar. */
  static final String BENCH = "io.alloyfleet.bench";

  /**
   * The production code and the bench (src/bench/java compiles into the test classes; the tests
   * themselves, in other packages, are left out).
   */
  static final ImportOption PRODUCTION_AND_BENCH =
      location ->
          ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
              || location.contains("/" + BENCH.replace('.', '/') + "/");

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(PRODUCTION_AND_BENCH)
          .importPackages("io.alloyfleet");

  @Test
  void noPackageImportsOneAtItsLevelOrAbove() {
    List<String> violations = new ArrayList<>();
    for (int level = 0; level < LEVELS.size(); level++) {
      for (String pkg : LEVELS.get(level)) {
        List<String> forbidden = new ArrayList<>();
        for (int other = level; other < LEVELS.size(); other++) {
          LEVELS.get(other).stream()
              .filter(p -> !p.equals(pkg))
              .map(p -> "io.alloyfleet." + p)
              .forEach(forbidden::add);
        }
        if (forbidden.isEmpty()) {
          continue;
        }
        ArchRule rule =
            noClasses()
                .that()
                .resideInAPackage("io.alloyfleet." + pkg)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new));
        EvaluationResult result = rule.evaluate(CLASSES);
        violations.addAll(result.getFailureReport().getDetails());
      }
    }
    assertThat(violations).isEmpty();
  }

  /**
   * Readers of the sync see it through its views ({@code SyncView}, {@code RenderedBranches},
   * {@code SourceView}) and its event ({@code SyncLoop.LastSync}): none holds the loop, the sync,
   * its source or its publisher, so none can drive a sync or downcast its way into one.
   */
  @Test
  void readersUseOnlyTheSyncsViews() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                "io.alloyfleet.status..",
                "io.alloyfleet.feedback..",
                "io.alloyfleet.api..",
                "io.alloyfleet.notify..",
                "io.alloyfleet.ops..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.alloyfleet.sync.SyncLoop")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.alloyfleet.sync.Sync")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("io.alloyfleet.wiring..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.alloyfleet.publish.BranchPublisher")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.alloyfleet.publish.Publisher")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.alloyfleet.source.FleetSource")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.alloyfleet.source.FleetSource$Fetched");
    rule.check(CLASSES);
  }

  @Test
  void nothingInTheProductionCodeDependsOnTheBench() {
    assertThat(CLASSES.contain(BENCH + ".GitBench")).as("the bench is imported").isTrue();
    noClasses()
        .that()
        .resideOutsideOfPackage(BENCH + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BENCH + "..")
        .check(CLASSES);
    // The bench compiles with the tests, not into the production classes (the shipped jar).
    List<String> shipped =
        CLASSES.stream()
            .filter(c -> c.getPackageName().startsWith(BENCH))
            .filter(
                c ->
                    c.getSource()
                        .map(s -> !s.getUri().toString().contains("/test-classes/"))
                        .orElse(true))
            .map(c -> c.getName())
            .toList();
    assertThat(shipped).isEmpty();
  }

  @Test
  void everyPackageHasALevel() {
    assertThat(CLASSES.size()).as("classes imported").isGreaterThan(100);
    List<String> known =
        LEVELS.stream().flatMap(List::stream).map(p -> "io.alloyfleet." + p).toList();
    List<String> unknown =
        CLASSES.stream()
            .map(c -> c.getPackageName())
            .filter(p -> !p.equals("io.alloyfleet") && !known.contains(p))
            .filter(p -> !p.startsWith(BENCH + ".")) // JMH's generated classes
            .distinct()
            .toList();
    assertThat(unknown).isEmpty();
  }
}
