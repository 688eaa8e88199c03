package io.alloyfleet.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alloyfleet.kube.ControllerEvent;
import io.alloyfleet.kube.KubernetesEvents;
import io.alloyfleet.rollout.RolloutPlanner;
import io.alloyfleet.sync.FleetSettings;
import io.alloyfleet.sync.SyncLoop;
import io.alloyfleet.sync.SyncOutcome;
import io.alloyfleet.sync.SyncView;
import io.alloyfleet.text.Text;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.Optional;

/**
 * After each sync, off the sync thread: what an operator must hear of ({@link Notices}) goes out as
 * Kubernetes Events, and halts, completions and invalid clusters to the webhooks too. Nothing here
 * can stop or slow a sync; what could not be sent is counted ({@code
 * alloy_fleet_notifications_total{channel,result}}). Created at the first sync (never in the CLI);
 * its sender thread is a daemon.
 */
@ApplicationScoped
public class Notifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  private volatile Notices notices = new Notices();
  private final KubernetesEvents events;
  private final Webhooks webhooks;
  private final NotifySettings settings;
  private final FleetSettings fleet;
  private final SyncView loop;
  private final MeterRegistry registry;

  public Notifier(
      KubernetesEvents events,
      NotifySettings settings,
      FleetSettings fleet,
      SyncView loop,
      MeterRegistry registry) {
    this.events = events;
    this.settings = settings;
    this.fleet = fleet;
    this.loop = loop;
    this.registry = registry;
    this.webhooks =
        new Webhooks(settings.webhook(), (result, n) -> count("webhook", result).increment(n));
    // Zero from the start, so an alert on an increase fires on the first failure.
    List.of("delivered", "failed", "dropped").forEach(r -> count("webhook", r));
    List.of("written", "failed").forEach(r -> count("kubernetes-event", r));
  }

  void synced(@ObservesAsync SyncLoop.LastSync last) {
    notify(last.outcome(), Optional.of(last.rollouts()), loop.destinationUrl().orElse(""));
  }

  /**
   * Sends the notices of a sync; {@code plan}: the rollouts' last plan, {@code destinationUrl}: the
   * rendered branches' repo (to find a cluster's Argo CD Application).
   */
  void notify(SyncOutcome outcome, Optional<RolloutPlanner.Plan> plan, String destinationUrl) {
    for (Notice notice : notices.after(outcome, plan)) {
      if (events.enabled()) {
        post(notice, destinationUrl);
      }
      if (notice.kind().webhook) {
        webhooks.send(json(notice));
      }
    }
  }

  /** Forgets what was sent, as a restart does. */
  void startOver() {
    notices = new Notices();
  }

  /**
   * An invalid cluster's Event is about the cluster (its Argo CD Application, else the Pod); a
   * rollout's about the controller, and a halt's also about each unhealthy cluster's Application.
   */
  private void post(Notice notice, String destination) {
    boolean invalid = notice.kind() == Notice.Kind.CLUSTER_INVALID;
    if (!invalid) {
      write(ControllerEvent.CONTROLLER, notice);
    }
    if (invalid || notice.kind() == Notice.Kind.ROLLOUT_HALTED && events.aboutApplications()) {
      String branch =
          fleet.destination().branchTemplate().replace("{environment}", notice.environment());
      notice
          .clusters()
          .forEach(c -> write(new ControllerEvent.Cluster(c, branch, destination), notice));
    }
  }

  private void write(ControllerEvent.Regarding regarding, Notice notice) {
    ControllerEvent event =
        new ControllerEvent(
            regarding,
            notice.kind().warning,
            notice.kind().reason,
            notice.kind().action,
            notice.summary());
    count("kubernetes-event", events.post(event) ? "written" : "failed").increment();
  }

  /** Slack's incoming webhooks read {@code text}; other tools the fields. */
  String json(Notice notice) {
    ObjectNode body = JSON.createObjectNode();
    Optional<String> status = settings.statusUrl();
    Optional<String> commit = commitUrl(notice.commit());
    body.put(
        "text",
        slack("Alloy Fleet: " + notice.summary())
            + status.map(s -> " <" + slack(s) + "|status>").orElse("")
            + commit.map(c -> " <" + slack(c) + "|commit>").orElse(""));
    body.put("kind", notice.kind().label());
    body.put("environment", notice.environment());
    ObjectNode rollout = body.putObject("rollout");
    rollout.put("commit", notice.commit());
    rollout.put("wave", notice.wave());
    notice.clusters().forEach(body.putArray("clusters")::add);
    body.put("reason", Text.printable(notice.reason()));
    ObjectNode links = body.putObject("links");
    links.put("status", status.orElse(null));
    links.put("commit", commit.orElse(null));
    return body.toString();
  }

  /**
   * A commit's web page: the setting, or the source's https URL (credentials dropped) with {@code
   * /commit/<id>}.
   */
  Optional<String> commitUrl(String commit) {
    if (commit.isEmpty()) {
      return Optional.empty();
    }
    return settings
        .commitUrl()
        .or(
            () ->
                fleet
                    .source()
                    .url()
                    .filter(u -> u.startsWith("https://") || u.startsWith("http://"))
                    .map(
                        u ->
                            u.replaceFirst("^(https?://)[^/@]*@", "$1")
                                    .replaceAll("/+$", "")
                                    .replaceAll("\\.git$", "")
                                + "/commit/{commit}"))
        .map(template -> template.replace("{commit}", commit));
  }

  /** Text as Slack shows it: printable, its three control characters escaped. */
  private static String slack(String text) {
    return Text.printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private Counter count(String channel, String result) {
    return Counter.builder("alloy.fleet.notifications")
        .description("Notifications sent after syncs, by channel and result")
        .tag("channel", channel)
        .tag("result", result)
        .register(registry);
  }
}
