package io.alloyfleet.cli;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

@Command(
    name = "serve",
    description = "Run the controller service (the default without a command).")
public class ServeCommand implements Runnable {

  @Override
  public void run() {
    Quarkus.waitForExit();
  }
}
