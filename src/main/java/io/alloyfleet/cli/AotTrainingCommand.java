package io.alloyfleet.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The training run of the CLI's JDK AOT cache (JEP 483/514/515): the JVM records one process, so
 * this one process runs the commands a PR pipeline runs (render, validate, diff, explain,
 * check-alloy) on a fleet, a few rounds so the methods they share are profiled. The build runs it
 * with {@code -XX:AOTCacheOutput} (pom.xml, profile {@code cli-aot}; build-image.sh in the image).
 * Hidden: not a user's command.
 */
@Command(
    name = "aot-training",
    hidden = true,
    description =
        "Run the CLI's commands on a fleet, for training its AOT cache. Exit 1 if any failed.")
public class AotTrainingCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--fleet", required = true, paramLabel = "DIR", description = "Fleet root.")
  Path fleet;

  @Option(
      names = "--work",
      required = true,
      paramLabel = "DIR",
      description = "Scratch directory for the render output.")
  Path work;

  @Option(
      names = "--rounds",
      defaultValue = "10",
      description = "How many times each command runs (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Inject CommandLine.IFactory factory;

  @Override
  public Integer call() {
    Path out = work.resolve("render");
    List<String> failed = new ArrayList<>();
    String cluster = firstCluster();
    for (int round = 0; round < rounds; round++) {
      run(failed, "render", "--fleet", fleet.toString(), "--out", out.toString());
      run(failed, "validate", "--fleet", fleet.toString());
      run(failed, "diff", "--fleet", fleet.toString(), "--against", out.toString());
      run(failed, "explain", "--fleet", fleet.toString(), "--cluster", cluster);
      List<String> checkAlloy = new ArrayList<>(List.of("check-alloy"));
      checkAlloy.addAll(alloyFiles(out));
      run(failed, checkAlloy.toArray(String[]::new));
    }
    PrintWriter err = spec.commandLine().getErr();
    failed.forEach(f -> err.println("aot-training: failed: " + f));
    err.flush();
    spec.commandLine()
        .getOut()
        .printf("aot-training: %d round(s) on %s, %d failed%n", rounds, fleet, failed.size());
    spec.commandLine().getOut().flush();
    return failed.isEmpty() ? 0 : 1;
  }

  /** One command as the CLI runs it, its output discarded (the first lines kept on failure). */
  private void run(List<String> failed, String... args) {
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(factory)
            .setOut(new PrintWriter(Writer.nullWriter()))
            .setErr(new PrintWriter(err))
            .execute(args);
    if (code != 0) {
      String first = err.toString().lines().limit(3).reduce((a, b) -> a + " / " + b).orElse("");
      failed.add(args[0] + ": exit " + code + ": " + first);
    }
  }

  private String firstCluster() {
    try (Stream<Path> clusters = Files.list(fleet.resolve("clusters"))) {
      return clusters
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .findFirst()
          .orElseThrow(
              () ->
                  new CommandLine.ParameterException(spec.commandLine(), "no cluster in " + fleet));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + fleet.resolve("clusters"), e);
    }
  }

  private static List<String> alloyFiles(Path out) {
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".alloy"))
          .map(Path::toString)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + out, e);
    }
  }
}
