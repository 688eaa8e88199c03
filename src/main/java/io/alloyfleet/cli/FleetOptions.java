package io.alloyfleet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code --fleet DIR} option shared by the commands that read a fleet. */
final class FleetOptions {

  @Option(names = "--fleet", required = true, paramLabel = "DIR", description = "Fleet root: the directory holding fleet.yaml, environments/ and clusters/.")
  Path fleet;

  Path checked(CommandSpec spec) {
    if (!Files.isDirectory(fleet.resolve("clusters"))) {
      throw new ParameterException(spec.commandLine(), "no clusters/ directory in " + fleet + ": --fleet must name a fleet root");
    }
    return fleet;
  }
}
