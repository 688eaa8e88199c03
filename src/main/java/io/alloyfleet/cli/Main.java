package io.alloyfleet.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * One jar, two uses: with no arguments (or {@code serve}) the controller service; with a command
 * ({@code render}, {@code validate}, {@code diff}, {@code explain}, {@code check-alloy}, …) a CLI
 * for PR pipelines that starts no HTTP server and prints only its own output.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

  /**
   * Every command but serve is one-shot, help and version too, and the commands added through
   * {@link ExtraCommands}, which the shipped jar does not have.
   */
  static boolean oneShot(String... args) {
    return args.length > 0 && !args[0].equals("serve");
  }

  @Inject CommandLine.IFactory factory;

  @Inject Instance<ExtraCommands> extraCommands;

  public static void main(String... args) {
    if (oneShot(args)) {
      System.setProperty("quarkus.http.host-enabled", "false");
      System.setProperty("quarkus.log.level", "WARN");
      System.setProperty("alloy-fleet.controller.enabled", "false");
      System.setProperty("quarkus.scheduler.enabled", "false");
      System.setProperty("quarkus.otel.sdk.disabled", "true"); // a CLI run is not traced
    }
    Quarkus.run(Main.class, args);
  }

  @Override
  public int run(String... args) {
    CommandLine commandLine = commandLine(factory);
    for (ExtraCommands extra : extraCommands) {
      extra.commands().forEach(commandLine::addSubcommand);
    }
    return commandLine.execute(args);
  }

  static CommandLine commandLine(CommandLine.IFactory factory) {
    return new CommandLine(FleetCommand.class, factory).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
