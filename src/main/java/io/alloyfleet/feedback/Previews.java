package io.alloyfleet.feedback;

import io.alloyfleet.fleet.Text;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.preview.MarkdownReport;
import io.alloyfleet.preview.Preview;
import io.alloyfleet.preview.PreviewBuilder;
import io.alloyfleet.source.FleetSource;
import io.alloyfleet.source.Revisions;
import io.alloyfleet.source.SecretFile;
import io.alloyfleet.source.SourceException;
import io.alloyfleet.sync.FleetSettings;
import io.alloyfleet.sync.Sync;
import io.alloyfleet.sync.SyncLoop;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Pull-request previews in the controller: each webhook queues its pull request (a newer push
 * replaces one not yet started); one thread renders them, one at a time and only between syncs, and
 * reports each as a commit status ({@code alloy-fleet/preview}) and one comment updated in place. A
 * preview never writes to a branch; the last 100 are kept for {@code /api/previews}.
 */
@ApplicationScoped
public class Previews {

  static final String CONTEXT = "alloy-fleet/preview";
  static final int KEPT = 100;
  private static final Logger LOG = Logger.getLogger(Previews.class);

  /** What became of a webhook's pull request. */
  public record Decision(boolean queued, String reason) {}

  private final PreviewSettings settings;
  private final FleetSettings fleet;
  private final SyncLoop loop;
  private final Optional<GitHostReporter> gitHost;
  private final Optional<String> statusUrl;
  private final PreviewBuilder builder;
  private final Map<Long, PullRequest> waiting = new ConcurrentHashMap<>();
  private final Map<Long, PullRequestPreview> kept =
      new LinkedHashMap<>(KEPT, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PullRequestPreview> eldest) {
          return size() > KEPT;
        }
      };
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "alloy-fleet-preview");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
          });

  public Previews(
      PreviewSettings settings,
      FleetSettings fleet,
      GitHostSettings host,
      SyncLoop loop,
      RenderPipeline pipeline) {
    this.settings = settings;
    this.fleet = fleet;
    this.loop = loop;
    this.statusUrl = host.statusUrl().map(u -> u.replaceAll("/+$", ""));
    this.gitHost =
        host.type()
            .flatMap(
                type ->
                    host.apiUrl()
                        .flatMap(
                            api ->
                                host.repository()
                                    .map(
                                        repo ->
                                            new GitHostReporter(
                                                type,
                                                api,
                                                repo,
                                                () ->
                                                    SecretFile.read(host.tokenFile())
                                                        .orElse("")))));
    // A pipeline of its own: a preview's clusters never evict the sync's from its caches.
    this.builder = new PreviewBuilder(pipeline.withEmptyCaches(), settings.maxClusters());
  }

  /** Queues a pull request's preview; one targeting another branch is ignored. */
  public Decision request(PullRequest pr) {
    if (!settings.enabled()) {
      return new Decision(false, "previews are off (alloy-fleet.preview.enabled)");
    }
    if (!pr.targetBranch().equals(fleet.source().branch())) {
      return new Decision(
          false,
          "the pull request targets " + pr.targetBranch() + ", not " + fleet.source().branch());
    }
    if (!loop.active()) {
      return new Decision(false, "the controller is not running");
    }
    if (waiting.put(pr.number(), pr) == null) {
      worker.execute(() -> run(pr.number()));
    }
    return new Decision(true, "");
  }

  /** The last preview of each of the 100 most recent pull requests, newest first. */
  public synchronized List<PullRequestPreview> all() {
    List<PullRequestPreview> all = new ArrayList<>(kept.values());
    java.util.Collections.reverse(all);
    return all;
  }

  public synchronized Optional<PullRequestPreview> of(long number) {
    return Optional.ofNullable(kept.get(number));
  }

  private synchronized void keep(PullRequestPreview preview) {
    kept.remove(preview.number()); // most recent last
    kept.put(preview.number(), preview);
  }

  private void run(long number) {
    PullRequest pr = waiting.remove(number);
    Optional<Sync> sync = loop.sync();
    if (pr == null || sync.isEmpty()) {
      return;
    }
    try {
      waitForSync();
      FleetSource source = sync.get().source();
      FleetSource.Fetched fetched = source.fetchRef(pr.ref(), "pr-" + number);
      Revisions revisions = new Revisions(source.cache(), fleet.source().path().orElse(""));
      String base =
          revisions
              .mergeBase(fetched.branchTip(), fetched.commit())
              .orElseThrow(
                  () -> new IOException("the pull request shares no commit with its target"));
      Preview preview =
          builder.build(
              base, revisions.files(base), fetched.commit(), revisions.files(fetched.commit()));
      keep(
          new PullRequestPreview(
              number,
              fetched.commit(),
              base,
              Instant.now(),
              preview.summary(),
              preview.clusters(),
              preview.rollouts(),
              null));
      report(
          pr,
          preview.allValid() ? CommitStatus.State.SUCCESS : CommitStatus.State.FAILURE,
          MarkdownReport.description(preview),
          Optional.of(
              MarkdownReport.of(preview, statusUrl.map(u -> u + "/api/previews/" + number))));
    } catch (PreviewBuilder.TooLarge e) {
      refuse(pr, "too large: " + e.getMessage());
    } catch (SourceException | IOException e) {
      refuse(pr, "not previewed: " + Text.printable(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warnf("Preview of pull request %d failed: %s", number, Text.printable(String.valueOf(e)));
      refuse(pr, "not previewed: an internal error (see the controller's log)");
    }
  }

  /**
   * Previews give way to syncs: one starts only while no sync runs, so a storm of pushes to pull
   * requests delays a sync by at most the one preview already running.
   */
  private void waitForSync() throws InterruptedException {
    for (int i = 0; i < 3000 && loop.busy(); i++) {
      Thread.sleep(100);
    }
  }

  private void refuse(PullRequest pr, String reason) {
    keep(
        new PullRequestPreview(
            pr.number(), pr.headCommit(), "", Instant.now(), null, List.of(), List.of(), reason));
    report(pr, CommitStatus.State.FAILURE, reason, Optional.empty());
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
                      statusUrl.map(u -> u + "/api/previews/" + pr.number()).orElse(null)));
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

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
