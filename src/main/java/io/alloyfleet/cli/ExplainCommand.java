package io.alloyfleet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.fleet.ClusterOutcome;
import io.alloyfleet.fleet.Explanation;
import io.alloyfleet.fleet.files.DirectoryFiles;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.text.Text;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "explain",
    description =
        "Print one cluster's merged values, each with the file, line and column that set it and the layers it overrode."
            + " Exit 0, 1 when the cluster is invalid (its problems on standard error), 2 on usage errors.")
public class ExplainCommand implements Callable<Integer> {

  /** Made on first use: --version and --help create every command, and Jackson is 375 classes. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  @Spec CommandSpec spec;

  @Option(names = "--fleet", required = true, paramLabel = "DIR", description = "Fleet root.")
  Path fleet;

  @Option(
      names = "--cluster",
      required = true,
      paramLabel = "ID",
      description = "The cluster's id (its directory name).")
  String cluster;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "KEY",
      description = "Only this key and what is under it, e.g. endpoints.otlp.")
  Optional<String> key;

  @Inject RenderPipeline pipeline;

  @Override
  public Integer call() throws JsonProcessingException {
    Explanation explanation =
        pipeline
            .explain(new DirectoryFiles(fleet), cluster)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "no cluster " + Text.quote(cluster) + " in " + fleet.resolve("clusters")));
    Explanation shown = key.map(explanation::only).orElse(explanation);
    if (key.isPresent() && shown.sources().isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "cluster " + cluster + " has no value at " + Text.quote(key.get()));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (var entry : shown.sources().entrySet()) {
      Explanation.Source source = entry.getValue();
      String overrides =
          source.overrides().isEmpty()
              ? ""
              : " (overrides "
                  + source.overrides().stream()
                      .map(p -> Text.printable(p.file()) + ":" + p.line() + ":" + p.column())
                      .collect(Collectors.joining(", "))
                  + ")";
      out.printf(
          "%s = %s  # %s:%d:%d%s%n",
          Text.printable(entry.getKey()),
          Text.printable(Json.MAPPER.writeValueAsString(source.value())),
          Text.printable(source.file()),
          source.line(),
          source.column(),
          overrides);
    }
    if (key.isEmpty() && explanation.outcome() instanceof ClusterOutcome.Valid valid) {
      pipeline
          .load(new DirectoryFiles(fleet))
          .rollouts()
          .of(valid.spec().environment())
          .flatMap(io.alloyfleet.fleet.rolloutspec.Rollout::prometheus)
          .ifPresent(
              gate ->
                  out.printf(
                      "# the rollout's Prometheus gate asks: %s%n",
                      Text.printable(
                          io.alloyfleet.rollout.PrometheusQuery.queryFor(gate, valid.spec()))));
    }
    out.flush();
    if (explanation.outcome() instanceof ClusterOutcome.Invalid invalid) {
      Reporter.problems(spec.commandLine().getErr(), fleet, invalid.problems());
      return 1;
    }
    return 0;
  }
}
