package io.alloyfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "generate-fleet",
    description = "Write a realistic synthetic fleet of N clusters (deterministic for a seed).")
public class GenerateFleetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--clusters", required = true, description = "Number of clusters.")
  int clusters;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Directory to write the fleet into.")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    var files = FleetGenerator.generate(clusters, seed);
    for (var file : files.entrySet()) {
      Path target = out.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
    }
    spec.commandLine()
        .getOut()
        .printf("wrote %d clusters (%d files) to %s%n", clusters, files.size(), out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
