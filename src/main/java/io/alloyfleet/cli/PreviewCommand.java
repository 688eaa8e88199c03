package io.alloyfleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.preview.MarkdownReport;
import io.alloyfleet.preview.Preview;
import io.alloyfleet.preview.PreviewBuilder;
import io.alloyfleet.source.Revisions;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "preview",
    description =
        "Show what a change of the fleet repo renders: HEAD against its merge base with BASE, in a local clone, without writing anything. Exit 0 when every affected cluster is valid, 1 otherwise, 2 on usage errors.")
public class PreviewCommand implements Callable<Integer> {

  /** What the CLI renders at most: a CI job previews what it is given. */
  static final int MAX_CLUSTERS = 100_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--repo",
      required = true,
      paramLabel = "DIR",
      description = "A clone of the fleet repo.")
  Path repo;

  @Option(
      names = "--base",
      required = true,
      paramLabel = "REV",
      description = "The target branch, e.g. origin/main.")
  String base;

  @Option(
      names = "--head",
      required = true,
      paramLabel = "REV",
      description = "The change, e.g. HEAD.")
  String head;

  @Option(
      names = "--path",
      paramLabel = "P",
      defaultValue = "",
      description = "The fleet root inside the repo (default: the repo root).")
  String path;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "markdown",
      description = "markdown (a pull-request comment) or json.")
  String format;

  @Inject RenderPipeline pipeline;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("markdown") && !format.equals("json")) {
      throw new ParameterException(spec.commandLine(), "--format must be markdown or json");
    }
    try (Repository repository = open()) {
      Revisions revisions = new Revisions(repository, path);
      String headId = commit(revisions, head, "--head");
      String baseId = commit(revisions, base, "--base");
      String mergeBase =
          revisions
              .mergeBase(baseId, headId)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(), base + " and " + head + " share no commit"));
      Preview preview =
          new PreviewBuilder(pipeline, MAX_CLUSTERS)
              .build(mergeBase, revisions.files(mergeBase), headId, revisions.files(headId));
      var out = spec.commandLine().getOut();
      if (format.equals("json")) {
        out.println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(preview));
      } else {
        out.print(MarkdownReport.of(preview, Optional.empty()));
      }
      out.flush();
      return preview.allValid() ? 0 : 1;
    } catch (PreviewBuilder.TooLarge e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private Repository open() throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(repo.toFile());
    if (builder.getGitDir() == null) {
      throw new ParameterException(spec.commandLine(), repo + " is not a Git repository");
    }
    return builder.setMustExist(true).build();
  }

  private String commit(Revisions revisions, String revision, String option) {
    return revisions
        .resolve(revision)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(), option + ": no commit " + revision + " in " + repo));
  }
}
