package io.alloyfleet.cli;

import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.text.Text;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "diff",
    description =
        "Render the fleet and show how it differs from an earlier render (e.g. a checkout of the rendered branches, laid out as OUT/<environment>/<cluster>). Exit 0 when equal, 1 when different or invalid.")
public class DiffCommand extends FleetReader {

  @Option(
      names = "--against",
      required = true,
      paramLabel = "DIR",
      description = "An earlier render output directory.")
  Path against;

  @Override
  public Integer call() {
    FleetRender render = renderAndReport();
    SortedMap<String, String> now = render.files();
    OutputDirectory.Tree earlier = OutputDirectory.read(against);
    earlier
        .links()
        .forEach(
            link ->
                spec.commandLine()
                    .getErr()
                    .println(
                        Text.printable(Reporter.display(against.resolve(link)))
                            + ": error: a symbolic link; not followed, compared as missing"));
    spec.commandLine().getErr().flush();
    SortedMap<String, String> before = earlier.files();
    // Invalid clusters keep their earlier files: they are not shown as deleted.
    render.invalid().forEach(i -> before.keySet().removeIf(p -> inCluster(p, i.id())));
    PrintWriter out = out();
    TreeSet<String> paths = new TreeSet<>(now.keySet());
    paths.addAll(before.keySet());
    int changed = 0;
    for (String path : paths) {
      String a = before.getOrDefault(path, "");
      String b = now.getOrDefault(path, "");
      if (!a.equals(b)) {
        changed++;
        out.print(
            io.alloyfleet.preview.UnifiedDiff.of(
                    path, before.containsKey(path) ? a : null, now.containsKey(path) ? b : null)
                .text());
      }
    }
    out.printf("%d file(s) differ%n", changed);
    out.flush();
    return changed == 0 && render.allValid() ? 0 : 1;
  }

  /**
   * Whether {@code path} ({@code <environment>/<cluster>/…}) belongs to the cluster: compared as
   * text, never as a pattern.
   */
  static boolean inCluster(String path, String id) {
    int slash = path.indexOf('/');
    return slash >= 0 && path.startsWith(id + "/", slash + 1);
  }
}
