package io.alloyfleet.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "alloy-fleet", mixinStandardHelpOptions = true, description = "Renders Grafana Alloy edge agents for a fleet of clusters.")
public class FleetCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("alloy-fleet");
  }
}
