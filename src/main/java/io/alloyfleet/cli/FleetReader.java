package io.alloyfleet.cli;

import io.alloyfleet.fleet.files.DirectoryFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the commands that read a fleet share: {@code --fleet DIR}, rendering it, and printing its
 * problems.
 */
abstract class FleetReader implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--fleet",
      required = true,
      paramLabel = "DIR",
      description = "Fleet root: the directory holding fleet.yaml, environments/ and clusters/.")
  Path fleet;

  @Inject RenderPipeline pipeline;

  /** Renders the fleet in memory and prints every problem, compiler style, on standard error. */
  FleetRender renderAndReport() {
    if (Files.isSymbolicLink(fleet.resolve("clusters"))) {
      throw new ParameterException(
          spec.commandLine(),
          fleet.resolve("clusters") + " is a symbolic link; links in a fleet are not followed");
    }
    if (!Files.isDirectory(fleet.resolve("clusters"))) {
      throw new ParameterException(
          spec.commandLine(),
          "no clusters/ directory in " + fleet + ": --fleet must name a fleet root");
    }
    FleetRender render = pipeline.render(new DirectoryFiles(fleet));
    Reporter.problems(spec.commandLine().getErr(), fleet, render.problems());
    Reporter.warnings(spec.commandLine().getErr(), fleet, render.warnings());
    return render;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
