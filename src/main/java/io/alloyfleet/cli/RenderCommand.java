package io.alloyfleet.cli;

import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.text.Text;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "render",
    description =
        "Render every cluster into OUT/<environment>/<cluster>/. Exit 1 if any cluster is invalid (valid ones are still written).")
public class RenderCommand extends FleetReader {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() {
    FleetRender render = renderAndReport();
    OutputDirectory.Written written = OutputDirectory.write(render, out);
    written
        .refusedLinks()
        .forEach(
            link ->
                spec.commandLine()
                    .getErr()
                    .println(
                        Text.printable(Reporter.display(link))
                            + ": error: a symbolic link; the CLI never writes through one, nothing was written there"));
    spec.commandLine().getErr().flush();
    Map<String, Integer> perEnvironment = new TreeMap<>();
    render.rendered().forEach(c -> perEnvironment.merge(c.environment(), 1, Integer::sum));
    var outText = out();
    outText.printf(
        "rendered %d cluster(s) into %s %s%n",
        render.rendered().size(), Reporter.display(out), perEnvironment);
    render
        .invalid()
        .forEach(
            i ->
                outText.printf(
                    "invalid: %s (%d problem(s)); its previous output, if any, is left as it was%n",
                    Text.printable(i.id()), i.problems().size()));
    outText.flush();
    return render.allValid() && written.refusedLinks().isEmpty() ? 0 : 1;
  }
}
