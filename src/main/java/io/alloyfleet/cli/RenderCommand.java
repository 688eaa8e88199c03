package io.alloyfleet.cli;

import io.alloyfleet.fleet.DirectoryFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "render", description = "Render every cluster into OUT/<environment>/<cluster>/. Exit 1 if any cluster is invalid (valid ones are still written).")
public class RenderCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  FleetOptions options = new FleetOptions();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Inject
  RenderPipeline pipeline;

  @Override
  public Integer call() {
    Path fleet = options.checked(spec);
    FleetRender render = pipeline.render(new DirectoryFiles(fleet));
    OutputDirectory.write(render, out);
    Reporter.problems(spec.commandLine().getErr(), fleet, render.problems());
    Map<String, Integer> perEnvironment = new TreeMap<>();
    render.rendered().forEach(c -> perEnvironment.merge(c.environment(), 1, Integer::sum));
    var outText = spec.commandLine().getOut();
    outText.printf("rendered %d cluster(s) into %s %s%n", render.rendered().size(), Reporter.display(out), perEnvironment);
    render.invalid().forEach(i -> outText.printf("invalid: %s (%d problem(s)); its previous output, if any, is left as it was%n", i.id(), i.problems().size()));
    outText.flush();
    return render.allValid() ? 0 : 1;
  }
}
