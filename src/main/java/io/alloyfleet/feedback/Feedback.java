package io.alloyfleet.feedback;

import io.alloyfleet.kube.ArgoApplications;
import io.alloyfleet.sync.SyncLoop;
import io.alloyfleet.sync.SyncOutcome;
import io.alloyfleet.sync.SyncView;
import io.alloyfleet.text.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * After each sync, tells the outside world: the Git host gets a commit status for the source
 * commit; Argo CD is asked to refresh the Applications of changed clusters. Runs off the sync
 * thread; a failure here never affects a sync.
 */
@ApplicationScoped
public class Feedback {

  private static final Logger LOG = Logger.getLogger(Feedback.class);

  private final Optional<GitHostReporter> gitHost;
  private final Optional<String> statusUrl;
  private final ArgoApplications argo;
  private final SyncView loop;

  public Feedback(GitHostSettings host, ArgoApplications argo, SyncView loop) {
    this.loop = loop;
    this.gitHost = GitHostReporter.from(host);
    this.statusUrl = host.statusUrl();
    this.argo = argo;
  }

  /** Per environment, the last rollout status posted: posted again only when it changes. */
  private final java.util.Map<String, CommitStatus> rolloutsPosted =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Each environment's rollout after the sync as a status of its target commit, when it changed.
   */
  private void reportRollouts(GitHostReporter reporter, SyncLoop.LastSync last) {
    last.rollouts()
        .statuses()
        .values()
        .forEach(
            rollout ->
                status(rollout, statusUrl.orElse(null))
                    .filter(status -> !status.equals(rolloutsPosted.get(rollout.environment())))
                    .filter(
                        status -> reporter.report(status) instanceof GitHostReporter.Result.Posted)
                    .ifPresent(status -> rolloutsPosted.put(rollout.environment(), status)));
  }

  /**
   * A rollout as the status of its target commit: pending while it rolls, success when complete,
   * failure when halted; none for an environment with nothing to roll out.
   */
  static Optional<CommitStatus> status(io.alloyfleet.rollout.RolloutStatus rollout, String url) {
    if (rollout.targetCommit().isEmpty()
        || rollout.state() == io.alloyfleet.rollout.RolloutState.IDLE) {
      return Optional.empty();
    }
    CommitStatus.State state =
        switch (rollout.state()) {
          case COMPLETE -> CommitStatus.State.SUCCESS;
          case HALTED -> CommitStatus.State.FAILURE;
          default -> CommitStatus.State.PENDING;
        };
    String description =
        rollout.state() == io.alloyfleet.rollout.RolloutState.COMPLETE
            ? "rolled out to every cluster of " + rollout.environment()
            : rollout.state()
                + " at wave "
                + rollout.wave().name()
                + (rollout.reason().isEmpty() ? "" : ": " + rollout.reason());
    return Optional.of(
        CommitStatus.rollout(
            rollout.targetCommit(),
            rollout.environment(),
            state,
            description.length() > 140 ? description.substring(0, 139) + "…" : description,
            url));
  }

  void synced(@ObservesAsync SyncLoop.LastSync last) {
    if (!(last.outcome() instanceof SyncOutcome.Synced synced)) {
      return;
    }
    gitHost.ifPresent(
        reporter -> {
          int invalid = synced.render().invalid().size();
          int total =
              invalid + synced.render().rendered().size() + synced.render().unchanged().size();
          String description =
              invalid == 0
                  ? total + " cluster(s) rendered"
                  : invalid
                      + " of "
                      + total
                      + " cluster(s) invalid: "
                      + String.join(
                          ", ",
                          synced.render().invalid().stream().map(i -> i.id()).limit(5).toList());
          var result =
              reporter.report(
                  new CommitStatus(
                      synced.commit().id(), invalid == 0, description, statusUrl.orElse(null)));
          switch (result) {
            case GitHostReporter.Result.Posted p ->
                LOG.debugf("Commit status posted for %s", synced.commit().shortId());
            case GitHostReporter.Result.Refused r ->
                LOG.warnf(
                    "Git host refused the commit status for %s: HTTP %d %s",
                    synced.commit().shortId(), r.status(), Text.printable(r.body()));
            case GitHostReporter.Result.Unreachable u ->
                LOG.warnf(
                    "Git host unreachable for the commit status of %s: %s",
                    synced.commit().shortId(), Text.printable(u.reason()));
          }
        });
    gitHost.ifPresent(reporter -> reportRollouts(reporter, last));
    String destination = loop.destinationUrl().orElse("");
    synced
        .commits()
        .forEach(
            (env, commit) -> argo.refresh(destination, commit.branch(), commit.changedClusters()));
  }
}
