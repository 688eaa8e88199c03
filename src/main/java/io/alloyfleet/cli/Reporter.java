package io.alloyfleet.cli;

import io.alloyfleet.fleet.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints problems like a compiler, with paths a terminal or editor can open. */
final class Reporter {

  private Reporter() {}

  static void problems(PrintWriter err, Path fleet, List<Problem> problems) {
    for (Problem problem : problems) {
      String file = problem.file();
      String shown = file.startsWith("(") ? file : display(fleet.resolve(file));
      Problem located =
          new Problem(
              new io.alloyfleet.fleet.Location(
                  shown, problem.location().line(), problem.location().column()),
              problem.path(),
              problem.message(),
              problem.hint());
      err.println(located.format());
    }
    err.flush();
  }

  static String display(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
  }
}
