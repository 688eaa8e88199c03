package io.alloyfleet.api;

import io.alloyfleet.feedback.Previews;
import io.alloyfleet.sync.SyncMetrics;
import io.alloyfleet.sync.SyncRequests;
import io.alloyfleet.sync.SyncTrigger;
import io.alloyfleet.sync.SyncView;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/**
 * Triggers: {@code POST /api/sync} with the API token, and push webhooks from GitHub (HMAC
 * signature), GitLab (token) and anything else (HMAC signature in X-Alloy-Fleet-Signature). A valid
 * request queues a sync (202); requests arriving while one waits fold into it.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

  private final SyncView loop;
  private final SyncRequests requests;
  private final ApiSettings api;
  private final WebhookSettings webhook;
  private final SyncMetrics metrics;
  private final Previews previews;

  public SyncResource(
      SyncView loop,
      SyncRequests requests,
      ApiSettings api,
      WebhookSettings webhook,
      SyncMetrics metrics,
      Previews previews) {
    this.previews = previews;
    this.loop = loop;
    this.requests = requests;
    this.api = api;
    this.webhook = webhook;
    this.metrics = metrics;
  }

  @POST
  @Path("/sync")
  public Response sync(@HeaderParam("Authorization") String authorization) {
    Optional<Response> refused = ApiToken.refusal(api, authorization);
    if (refused.isPresent()) {
      if (refused.get().getStatus() == Response.Status.UNAUTHORIZED.getStatusCode()) {
        metrics.webhook(SyncTrigger.API, "unauthorized");
      }
      return refused.get();
    }
    return queued(SyncTrigger.API);
  }

  @POST
  @Path("/webhooks/github")
  public Response github(
      @HeaderParam("X-Hub-Signature-256") String signature,
      @HeaderParam("X-GitHub-Event") String event,
      byte[] body) {
    return signed(SyncTrigger.GITHUB, signature, body, () -> PullRequestEvents.github(event, body));
  }

  @POST
  @Path("/webhooks/generic")
  public Response generic(@HeaderParam("X-Alloy-Fleet-Signature") String signature, byte[] body) {
    return signed(SyncTrigger.WEBHOOK, signature, body, () -> PullRequestEvents.azure(body));
  }

  @POST
  @Path("/webhooks/gitlab")
  public Response gitlab(
      @HeaderParam("X-Gitlab-Token") String token,
      @HeaderParam("X-Gitlab-Event") String event,
      byte[] body) {
    return webhook(
        SyncTrigger.GITLAB,
        secret -> Secrets.equal(secret, token),
        "invalid X-Gitlab-Token",
        () -> PullRequestEvents.gitlab(event, body));
  }

  private Response signed(
      SyncTrigger trigger,
      String signature,
      byte[] body,
      java.util.function.Supplier<PullRequestEvents.Event> event) {
    return webhook(
        trigger,
        secret -> Secrets.signed(secret, body == null ? new byte[0] : body, signature),
        "missing or invalid signature",
        event);
  }

  /**
   * A webhook delivery: refused without a configured secret or when {@code authentic} says no, else
   * queued.
   */
  private Response webhook(
      SyncTrigger trigger,
      java.util.function.Predicate<byte[]> authentic,
      String refusal,
      java.util.function.Supplier<PullRequestEvents.Event> event) {
    Optional<byte[]> secret = Secrets.read(webhook.secretFile());
    if (secret.isEmpty()) {
      return problem(
          Response.Status.FORBIDDEN, "webhooks are disabled: set alloy-fleet.webhook.secret-file");
    }
    if (!authentic.test(secret.get())) {
      metrics.webhook(trigger, "unauthorized");
      return problem(Response.Status.UNAUTHORIZED, refusal);
    }
    // Read only once the delivery is authentic: nobody else's JSON is parsed.
    return switch (event.get()) {
      case PullRequestEvents.Event.Other other -> queued(trigger);
      case PullRequestEvents.Event.Ignored ignored -> {
        metrics.webhook(trigger, "ignored");
        yield Response.accepted(Map.of("preview", "ignored", "reason", ignored.reason())).build();
      }
      case PullRequestEvents.Event.Preview preview -> {
        Previews.Decision decision = previews.request(preview.pullRequest());
        metrics.webhook(trigger, decision.queued() ? "preview" : "ignored");
        yield Response.accepted(
                Map.of(
                    "preview",
                    decision.queued() ? "queued" : "ignored",
                    "pullRequest",
                    preview.pullRequest().number(),
                    "reason",
                    decision.reason()))
            .build();
      }
    };
  }

  private Response queued(SyncTrigger trigger) {
    if (!loop.active()) {
      return problem(Response.Status.SERVICE_UNAVAILABLE, "the controller is not running");
    }
    boolean queued = requests.request(trigger);
    metrics.webhook(trigger, queued ? "queued" : "coalesced");
    return Response.accepted(Map.of("queued", queued, "trigger", trigger)).build();
  }

  static Response problem(Response.Status status, String detail) {
    return Response.status(status)
        .type("application/problem+json")
        .entity(
            Map.of(
                "status",
                status.getStatusCode(),
                "title",
                status.getReasonPhrase(),
                "detail",
                detail))
        .build();
  }
}
