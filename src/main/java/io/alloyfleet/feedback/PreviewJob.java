package io.alloyfleet.feedback;

import io.alloyfleet.fleet.Fault;
import io.alloyfleet.preview.MarkdownReport;
import io.alloyfleet.preview.Preview;
import io.alloyfleet.preview.PreviewBuilder;
import io.alloyfleet.source.Revisions;
import io.alloyfleet.source.SourceException;
import io.alloyfleet.sync.SourceView;
import io.alloyfleet.sync.Traces;
import io.alloyfleet.text.Text;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One pull request's preview: fetch its head by its ref (with the target branch), find the merge
 * base, render what differs, and report it on the Git host as a commit status ({@code
 * alloy-fleet/preview}) and one comment updated in place. Writes to no branch.
 */
public final class PreviewJob {

  static final String CONTEXT = "alloy-fleet/preview";
  private static final Logger LOG = Logger.getLogger(PreviewJob.class);

  private final SourceView source;
  private final String root;
  private final PreviewBuilder builder;
  private final Optional<GitHostReporter> gitHost;
  private final Optional<String> statusUrl;

  /** {@code statusUrl}: this service's address, for the link to the whole preview. */
  public PreviewJob(
      SourceView source,
      String root,
      PreviewBuilder builder,
      Optional<GitHostReporter> gitHost,
      Optional<String> statusUrl) {
    this.source = source;
    this.root = root;
    this.builder = builder;
    this.gitHost = gitHost;
    this.statusUrl = statusUrl;
  }

  public PullRequestPreview run(PullRequest pr) {
    try (Traces.Stage trace = Traces.trace("preview")) {
      PullRequestPreview preview = preview(pr);
      trace
          .set("alloy_fleet.pull_request", pr.number())
          .set("alloy_fleet.source.commit", preview.head());
      if (preview.error() != null) {
        trace.failed(preview.error());
      } else if (preview.summary() != null) {
        trace.set("alloy_fleet.clusters.changed", preview.clusters().size());
      }
      return preview;
    }
  }

  private PullRequestPreview preview(PullRequest pr) {
    try {
      SourceView.Head fetched =
          Traces.stage("fetch", () -> source.fetchRef(pr.ref(), "pr-" + pr.number()));
      Optional<String> refusal = source.refusal(fetched.commit());
      if (refusal.isPresent()) {
        // The sync would render nothing of this head once merged as it is: say so as a failure.
        return refuse(pr, "not previewed: " + Text.printable(refusal.get()));
      }
      Revisions revisions = source.revisions(root);
      String base =
          revisions
              .mergeBase(fetched.branchTip(), fetched.commit())
              .orElseThrow(
                  () -> new IOException("the pull request shares no commit with its target"));
      var baseFiles = revisions.files(base);
      var headFiles = revisions.files(fetched.commit());
      Preview preview =
          Traces.stage(
              "load, render and check",
              () -> builder.build(base, baseFiles, fetched.commit(), headFiles));
      report(
          pr,
          preview.allValid() ? CommitStatus.State.SUCCESS : CommitStatus.State.FAILURE,
          MarkdownReport.description(preview),
          Optional.of(MarkdownReport.of(preview, link(pr))));
      return new PullRequestPreview(
          pr.number(),
          fetched.commit(),
          base,
          Instant.now(),
          preview.summary(),
          preview.clusters(),
          preview.rollouts(),
          null);
    } catch (PreviewBuilder.TooLarge e) {
      return refuse(pr, "too large: " + e.getMessage());
    } catch (SourceException | IOException e) {
      return refuse(pr, "not previewed: " + Text.printable(String.valueOf(e.getMessage())));
    } catch (RuntimeException | Error fault) {
      // Never silent: the pull request gets a failing status, the log an ERROR.
      LOG.errorf("Preview of pull request %d failed: %s", pr.number(), Fault.trace(fault));
      PullRequestPreview refused =
          refuse(pr, "not previewed: an internal error (see the controller's log)");
      if (!Fault.containable(fault)) {
        throw fault;
      }
      return refused;
    }
  }

  private Optional<String> link(PullRequest pr) {
    return statusUrl.map(u -> u + "/api/previews/" + pr.number());
  }

  private PullRequestPreview refuse(PullRequest pr, String reason) {
    report(pr, CommitStatus.State.FAILURE, reason, Optional.empty());
    return new PullRequestPreview(
        pr.number(), pr.headCommit(), "", Instant.now(), null, List.of(), List.of(), reason);
  }

  private void report(
      PullRequest pr, CommitStatus.State state, String description, Optional<String> comment) {
    gitHost.ifPresent(
        host -> {
          var status =
              host.report(
                  new CommitStatus(
                      pr.headCommit(),
                      state,
                      CONTEXT,
                      description.length() > 140
                          ? description.substring(0, 139) + "…"
                          : description,
                      link(pr).orElse(null)));
          if (!(status instanceof GitHostReporter.Result.Posted)) {
            LOG.warnf("Preview status of pull request %d not posted: %s", pr.number(), status);
          }
          comment.ifPresent(
              text -> {
                var posted = host.comment(pr.number(), MarkdownReport.MARKER, text);
                if (!(posted instanceof GitHostReporter.Result.Posted)) {
                  LOG.warnf(
                      "Preview comment on pull request %d not posted: %s", pr.number(), posted);
                }
              });
        });
  }
}
