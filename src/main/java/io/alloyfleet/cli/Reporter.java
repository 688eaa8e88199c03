package io.alloyfleet.cli;

import io.alloyfleet.diagnostics.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints problems like a compiler, with paths a terminal or editor can open. */
final class Reporter {

  private Reporter() {}

  static void problems(PrintWriter err, Path fleet, List<Problem> problems) {
    problems.forEach(problem -> err.println(located(fleet, problem).format()));
    err.flush();
  }

  /** Findings that stop nothing: {@code file:line:col: warning: …}. */
  static void warnings(PrintWriter err, Path fleet, List<Problem> warnings) {
    warnings.forEach(warning -> err.println(located(fleet, warning).formatWarning()));
    err.flush();
  }

  /** The problem with its file as a path a terminal or editor can open from here. */
  private static Problem located(Path fleet, Problem problem) {
    String file = problem.file();
    String shown = file.startsWith("(") ? file : display(fleet.resolve(file));
    return new Problem(
        new io.alloyfleet.diagnostics.Location(
            shown, problem.location().line(), problem.location().column()),
        problem.path(),
        problem.message(),
        problem.hint());
  }

  static String display(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
  }
}
