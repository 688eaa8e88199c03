package io.alloyfleet.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.PrintWriter;
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
   * Every command but serve is one-shot, help and version too, and the commands added through
   * {@link ExtraCommands}, which the shipped jar does not have.
   */
  static boolean oneShot(String... args) {
    return args.length > 0 && !args[0].equals("serve");
  }

  @Inject CommandLine.IFactory factory;

  @Inject Instance<ExtraCommands> extraCommands;

  /** What picocli prints from annotations alone: answered without starting the application. */
  static final Set<String> STATIC_ANSWERS = Set.of("-h", "--help", "-V", "--version");

  public static void main(String... args) {
    if (args.length == 1 && STATIC_ANSWERS.contains(args[0])) {
      // No Quarkus boot (1 to 2 s of extensions' start for one line): the commands' injected
      // fields stay empty, which --version and --help never read.
      System.exit(withoutQuarkus(args, new PrintWriter(System.out, true)));
    }
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

  /** {@code --version} or {@code --help} of the top command, by picocli alone. */
  static int withoutQuarkus(String[] args, PrintWriter out) {
    return commandLine(CommandLine.defaultFactory()).setOut(out).execute(args);
  }

  static CommandLine commandLine(CommandLine.IFactory factory) {
    return new CommandLine(FleetCommand.class, factory).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
