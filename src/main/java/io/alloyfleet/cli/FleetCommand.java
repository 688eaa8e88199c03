package io.alloyfleet.cli;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

/** The top command: serves the controller unless a sub-command is named. */
@Command(
    name = "alloy-fleet",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Renders Grafana Alloy edge agents for a fleet of Kubernetes clusters from Git.",
    subcommands = {
      ServeCommand.class,
      RenderCommand.class,
      ValidateCommand.class,
      DiffCommand.class,
      PreviewCommand.class,
      ExplainCommand.class,
      CheckAlloyCommand.class,
      AotTrainingCommand.class
    })
public class FleetCommand implements Runnable {

  @Override
  public void run() {
    Quarkus.waitForExit();
  }
}
