package io.alloyfleet.cli;

import io.alloyfleet.pipeline.FleetRender;
import picocli.CommandLine.Command;

@Command(
    name = "validate",
    description =
        "Check every cluster (values, rendered Alloy and manifests) and print all problems. Exit 1 if any.")
public class ValidateCommand extends FleetReader {

  @Override
  public Integer call() {
    FleetRender render = renderAndReport();
    out()
        .printf(
            "%d cluster(s) valid, %d invalid, %d problem(s)%n",
            render.rendered().size(), render.invalid().size(), render.problems().size());
    out().flush();
    return render.allValid() ? 0 : 1;
  }
}
