package io.alloyfleet.alloy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance with Alloy's own parser on configs written by Grafana (see alloy-corpus/NOTICE.md).
 */
class AlloyCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/alloy-corpus");
  private static final Pattern MARKER =
      Pattern.compile("/\\* ERROR (HERE )?\"((?:[^\"\\\\]|\\\\.)*)\" \\*/");

  @TestFactory
  Stream<DynamicTest> everyValidConfigParsesWithoutError() throws IOException {
    List<Path> files = alloyFiles(CORPUS.resolve("valid"));
    assertThat(files).hasSizeGreaterThan(300);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    CORPUS.relativize(file).toString(),
                    () ->
                        assertThat(
                                AlloyChecker.syntax(Files.readString(file, StandardCharsets.UTF_8)))
                            .as(file.toString())
                            .isEmpty()));
  }

  /**
   * The configs of Alloy's repository and of the k8s-monitoring chart load in Alloy: the checks
   * against the whole reference raise no false alarm on them (at the stability level they were
   * written for), apart from the files listed in {@link CatalogDisagreements} with their reasons.
   */
  @TestFactory
  Stream<DynamicTest> componentChecksGiveNoFalseAlarmOnAlloysOwnConfigs() throws IOException {
    List<Path> files =
        Stream.concat(
                alloyFiles(CORPUS.resolve("valid/alloy-repo")).stream(),
                alloyFiles(CORPUS.resolve("valid/k8s-monitoring-examples")).stream())
            .toList();
    assertThat(files).hasSizeGreaterThan(200);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    CORPUS.relativize(file).toString(),
                    () -> {
                      List<String> errors =
                          AlloyChecker.check(
                                  Files.readString(file, StandardCharsets.UTF_8),
                                  ComponentCatalog.Stability.EXPERIMENTAL,
                                  true)
                              .stream()
                              .map(e -> e.line() + ":" + e.column() + ": " + AlloyError.describe(e))
                              .toList();
                      List<String> expected =
                          CatalogDisagreements.expected(file.getFileName().toString());
                      assertThat(errors).as(file.toString()).isEqualTo(expected);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidConfigFailsOnEachMarkedLine() throws IOException {
    List<Path> files = alloyFiles(CORPUS.resolve("invalid"));
    assertThat(files).isNotEmpty();
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      String text = Files.readString(file, StandardCharsets.UTF_8);
                      Set<Integer> marked = markedLines(text);
                      Set<Integer> reported = new TreeSet<>();
                      AlloyChecker.syntax(text).forEach(e -> reported.add(e.line()));
                      assertThat(marked).isNotEmpty();
                      assertThat(reported)
                          .as("lines with errors in " + file.getFileName())
                          .isEqualTo(marked);
                    }));
  }

  /**
   * The invalid corpus is Alloy's parser tests: every file fails on syntax, before any load check
   * runs, so the load checks catch none of them beyond what the parser already does; the full check
   * refuses each with the same errors as the syntax check.
   */
  @TestFactory
  Stream<DynamicTest> everyInvalidConfigIsRefusedByTheFullCheckAsByItsSyntax() throws IOException {
    return alloyFiles(CORPUS.resolve("invalid")).stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      String text = Files.readString(file, StandardCharsets.UTF_8);
                      assertThat(
                              AlloyChecker.check(
                                  text, ComponentCatalog.Stability.EXPERIMENTAL, true))
                          .isNotEmpty()
                          .isEqualTo(AlloyChecker.syntax(text));
                    }));
  }

  static Set<Integer> markedLines(String text) {
    Set<Integer> lines = new TreeSet<>();
    Matcher m = MARKER.matcher(text);
    while (m.find()) {
      lines.add(1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count());
    }
    return lines;
  }

  static List<Path> alloyFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".alloy")).sorted().toList();
    }
  }
}
