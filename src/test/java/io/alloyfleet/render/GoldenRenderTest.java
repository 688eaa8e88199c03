package io.alloyfleet.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.DirectoryFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden directories: {@code golden/<case>/fleet} is the input, {@code golden/<case>/expected} the
 * exact output (plus {@code problems.txt}). A missing expectation fails. After a deliberate change,
 * regenerate with {@code ./mvnw test -Dtest=GoldenRenderTest -Dgolden.update=true} and review the
 * diff.
 */
@QuarkusTest
class GoldenRenderTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @Inject RenderPipeline pipeline;

  /** Each case: its name and fleet root. The bundled example is a case of its own. */
  static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("gitops-example", Path.of("gitops-example")));
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      dirs.filter(d -> Files.isDirectory(d.resolve("fleet")))
          .sorted()
          .forEach(d -> cases.add(new Case(d.getFileName().toString(), d.resolve("fleet"))));
    }
    return cases;
  }

  record Case(String name, Path fleet) {
    Path expected() {
      return GOLDEN.resolve(name).resolve("expected");
    }
  }

  static SortedMap<String, String> output(FleetRender render) {
    SortedMap<String, String> files = new TreeMap<>(render.files());
    String problems =
        render.problems().stream().map(Problem::format).collect(Collectors.joining("\n"));
    files.put("problems.txt", problems.isEmpty() ? "" : problems + "\n");
    return files;
  }

  @TestFactory
  Stream<DynamicTest> everyCaseRendersExactlyItsExpectedFiles() throws IOException {
    return cases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      SortedMap<String, String> actual =
                          output(pipeline.render(new DirectoryFiles(c.fleet())));
                      if (UPDATE) {
                        write(c.expected(), actual);
                      }
                      SortedMap<String, String> expected = read(c.expected());
                      if (expected.isEmpty()) {
                        fail(
                            "no expectation for golden case "
                                + c.name()
                                + ": run with -Dgolden.update=true and review "
                                + c.expected());
                      }
                      assertThat(new TreeSet<>(actual.keySet()))
                          .as("files of " + c.name())
                          .isEqualTo(new TreeSet<>(expected.keySet()));
                      actual.forEach(
                          (path, text) ->
                              assertThat(text)
                                  .as(c.name() + ": " + path)
                                  .isEqualTo(expected.get(path)));
                    }));
  }

  /**
   * Each golden case's input and output fingerprints, recorded with the renderer version that
   * produced them. Output that changes while its input stays the same is a change of the renderer:
   * it must come with a new {@link RendererVersion#VERSION} (every cluster is rendered again on a
   * new version, and its metadata says which renderer made it).
   */
  @Test
  void changedOutputComesWithANewRendererVersion() throws IOException {
    Path record = GOLDEN.resolve("renderer-version.txt");
    List<String> lines = Files.readAllLines(record);
    String recordedVersion = lines.get(0).strip();
    java.util.Map<String, String[]> recorded = new java.util.TreeMap<>();
    lines.stream().skip(1).map(l -> l.split(" ")).forEach(f -> recorded.put(f[0], f));
    StringBuilder now = new StringBuilder(RendererVersion.VERSION + "\n");
    List<String> changedByRenderer = new ArrayList<>();
    for (Case c : cases()) {
      String input = inputFingerprint(c.fleet());
      SortedMap<String, String> files = output(pipeline.render(new DirectoryFiles(c.fleet())));
      files.remove("problems.txt");
      String output = fingerprint(files);
      now.append(c.name()).append(' ').append(input).append(' ').append(output).append('\n');
      String[] before = recorded.get(c.name());
      if (before != null && before[1].equals(input) && !before[2].equals(output)) {
        changedByRenderer.add(c.name());
      }
    }
    if (!changedByRenderer.isEmpty() && recordedVersion.equals(RendererVersion.VERSION)) {
      fail(
          "the rendered output of "
              + changedByRenderer
              + " changed with the same input, and RendererVersion.VERSION is still "
              + RendererVersion.VERSION
              + ": bump it (every cluster renders again on a new version), then regenerate with -Dgolden.update=true");
    }
    if (UPDATE) {
      Files.writeString(record, now.toString());
      return;
    }
    assertThat(Files.readString(record))
        .as("golden fingerprints: record them with -Dgolden.update=true")
        .isEqualTo(now.toString());
  }

  /**
   * The bytes of every file of a golden fleet (some are not UTF-8 on purpose), links by their
   * target.
   */
  private static String inputFingerprint(Path fleet) throws IOException {
    SortedMap<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(fleet)) {
      for (Path file : walk.toList()) {
        String path = fleet.relativize(file).toString();
        if (Files.isSymbolicLink(file)) {
          files.put(path, "-> " + Files.readSymbolicLink(file));
        } else if (Files.isRegularFile(file)) {
          files.put(
              path,
              org.apache.commons.codec.digest.DigestUtils.sha256Hex(Files.readAllBytes(file)));
        }
      }
    }
    return fingerprint(files);
  }

  private static String fingerprint(SortedMap<String, String> files) {
    StringBuilder all = new StringBuilder();
    files.forEach((path, text) -> all.append(path).append('\n').append(text).append('\n'));
    return org.apache.commons.codec.digest.DigestUtils.sha256Hex(all.toString());
  }

  @Test
  void renderingTwiceGivesByteIdenticalFiles() throws IOException {
    for (Case c : cases()) {
      SortedMap<String, String> first = output(pipeline.render(new DirectoryFiles(c.fleet())));
      SortedMap<String, String> second = output(pipeline.render(new DirectoryFiles(c.fleet())));
      assertThat(second).as(c.name()).isEqualTo(first);
    }
  }

  static SortedMap<String, String> read(Path root) throws IOException {
    SortedMap<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            root.relativize(file).toString().replace('\\', '/'),
            Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  private static void write(Path root, SortedMap<String, String> files) throws IOException {
    if (Files.isDirectory(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.delete(p);
        }
      }
    }
    for (var file : files.entrySet()) {
      Path target = root.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
    }
  }
}
