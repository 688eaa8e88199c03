package io.alloyfleet.cli;

import io.alloyfleet.fleet.DirectoryFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = "Check every cluster (values, rendered Alloy and manifests) and print all problems. Exit 1 if any.")
public class ValidateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  FleetOptions options = new FleetOptions();

  @Inject
  RenderPipeline pipeline;

  @Override
  public Integer call() {
    Path fleet = options.checked(spec);
    FleetRender render = pipeline.render(new DirectoryFiles(fleet));
    Reporter.problems(spec.commandLine().getErr(), fleet, render.problems());
    spec.commandLine().getOut().printf("%d cluster(s) valid, %d invalid, %d problem(s)%n",
        render.rendered().size(), render.invalid().size(), render.problems().size());
    spec.commandLine().getOut().flush();
    return render.allValid() ? 0 : 1;
  }
}
