package io.alloyfleet.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Set;
import picocli.CommandLine;

/**
 * One jar, two uses: with no arguments (or {@code serve}) the controller service; with a command
 * ({@code render}, {@code validate}, {@code diff}, {@code explain}, {@code check-alloy}, …) a CLI
 * for PR pipelines that starts no HTTP server and prints only its own output.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

  /**
   * Every sub-command but serve is one-shot, plus help and version: derived, so a new command
   * cannot be missed.
   */
  static final Set<String> ONE_SHOT = oneShot();

  private static Set<String> oneShot() {
    Set<String> names = new java.util.HashSet<>(Set.of("help", "-h", "--help", "-V", "--version"));
    for (Class<?> command :
        FleetCommand.class.getAnnotation(CommandLine.Command.class).subcommands()) {
      names.add(command.getAnnotation(CommandLine.Command.class).name());
    }
    names.remove("serve");
    return Set.copyOf(names);
  }

  @Inject CommandLine.IFactory factory;

  public static void main(String... args) {
    if (args.length > 0 && ONE_SHOT.contains(args[0])) {
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
    return commandLine(factory).execute(args);
  }

  static CommandLine commandLine(CommandLine.IFactory factory) {
    return new CommandLine(FleetCommand.class, factory).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
