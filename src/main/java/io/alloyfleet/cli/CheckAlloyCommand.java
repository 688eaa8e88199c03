package io.alloyfleet.cli;

import io.alloyfleet.check.AlloyChecker;
import io.alloyfleet.check.AlloyError;
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
    description =
        "Check Alloy files as Alloy would load them: syntax, components, arguments, references. Exit 1 on any error.")
public class CheckAlloyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Alloy files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    for (Path file : files) {
      List<AlloyError> errors;
      try {
        errors = AlloyChecker.check(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.printf("%s: error: cannot read: %s%n", file, e.getMessage());
        failed++;
        continue;
      }
      errors.forEach(
          e -> err.printf("%s:%d:%d: error: %s%n", file, e.line(), e.column(), e.describe()));
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
