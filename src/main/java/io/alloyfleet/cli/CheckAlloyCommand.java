package io.alloyfleet.cli;

import io.alloyfleet.alloy.AlloyChecker;
import io.alloyfleet.alloy.AlloyError;
import io.alloyfleet.diagnostics.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "check-alloy",
    versionProvider = CheckAlloyCommand.AlloyVersion.class,
    mixinStandardHelpOptions = true,
    description =
        "Check Alloy files as Alloy would load them: syntax, components and config blocks against Alloy's component reference (arguments, types, required ones, exports, stability), references. Exit 1 on any error.")
public class CheckAlloyCommand implements Callable<Integer> {

  /** {@code --version}: the Alloy release the checks follow. */
  static final class AlloyVersion implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "Alloy "
            + io.alloyfleet.alloy.ComponentCatalog.get().alloyVersion()
            + " component reference"
      };
    }
  }

  @Spec CommandSpec spec;

  @picocli.CommandLine.Option(
      names = "--stability-level",
      paramLabel = "LEVEL",
      defaultValue = "generally-available",
      description =
          "The agent's --stability.level: generally-available (default), public-preview or experimental.")
  String stabilityLevel;

  @picocli.CommandLine.Option(
      names = "--community-components",
      description = "The agent runs with --feature.community-components.enabled.")
  boolean communityComponents;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Alloy files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    var level =
        io.alloyfleet.alloy.ComponentCatalog.Stability.ofFlag(stabilityLevel)
            .orElseThrow(
                () ->
                    new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "--stability-level must be generally-available, public-preview or experimental"));
    int failed = 0;
    for (Path file : files) {
      List<Problem> errors;
      try {
        errors =
            AlloyChecker.check(
                Files.readString(file, StandardCharsets.UTF_8), level, communityComponents);
      } catch (IOException e) {
        err.printf("%s: error: cannot read: %s%n", file, e.getMessage());
        failed++;
        continue;
      }
      errors.forEach(
          e ->
              err.printf(
                  "%s:%d:%d: error: %s%n", file, e.line(), e.column(), AlloyError.describe(e)));
      failed += errors.isEmpty() ? 0 : 1;
    }
    err.flush();
    spec.commandLine()
        .getOut()
        .printf("%d file(s) checked, %d with errors%n", files.size(), failed);
    spec.commandLine().getOut().flush();
    return failed == 0 ? 0 : 1;
  }
}
