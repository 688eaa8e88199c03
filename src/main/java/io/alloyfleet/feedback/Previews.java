package io.alloyfleet.feedback;

import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.preview.PreviewBuilder;
import io.alloyfleet.sync.FleetSettings;
import io.alloyfleet.sync.SourceView;
import io.alloyfleet.sync.SyncView;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pull-request previews in the controller: each webhook queues its pull request (a newer push
 * replaces one not yet started); one thread renders them, one at a time and only between syncs, and
 * reports each as a commit status ({@code alloy-fleet/preview}) and one comment updated in place. A
 * preview never writes to a branch; the last 100 are kept for {@code /api/previews}.
 */
@ApplicationScoped
public class Previews {

  static final int KEPT = 100;

  /** What became of a webhook's pull request. */
  public record Decision(boolean queued, String reason) {}

  private final PreviewSettings settings;
  private final FleetSettings fleet;
  private final SyncView loop;
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
      SyncView loop,
      RenderPipeline pipeline) {
    this.settings = settings;
    this.fleet = fleet;
    this.loop = loop;
    this.statusUrl = host.statusUrl().map(u -> u.replaceAll("/+$", ""));
    this.gitHost = GitHostReporter.from(host);
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
    Optional<SourceView> source = loop.source();
    if (pr == null || source.isEmpty()) {
      return;
    }
    try {
      waitForSync();
      keep(
          new PreviewJob(
                  source.get(), fleet.source().path().orElse(""), builder, gitHost, statusUrl)
              .run(pr));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Previews give way to syncs: one starts only while no sync runs (woken when the loop goes idle,
   * at most five minutes), so a storm of pushes to pull requests delays a sync by at most the one
   * preview already running.
   */
  private void waitForSync() throws InterruptedException {
    loop.awaitIdle(java.time.Duration.ofMinutes(5));
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
