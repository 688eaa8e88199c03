package io.alloyfleet.api;

import io.alloyfleet.rollout.RolloutPlanner;
import io.alloyfleet.sync.SyncRequests;
import io.alloyfleet.sync.SyncView;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Operators' requests on rollouts: {@code POST /api/rollouts/{environment}/pause|resume|abort} with
 * the API token, taken by the next sync (202) of the replica that publishes the environment. Where
 * rollouts stand is {@code GET /api/rollouts} (status).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

  private final SyncView loop;
  private final SyncRequests requests;
  private final ApiSettings api;

  public RolloutResource(SyncView loop, SyncRequests requests, ApiSettings api) {
    this.loop = loop;
    this.requests = requests;
    this.api = api;
  }

  @POST
  @Path("/rollouts/{environment}/{action}")
  public Response act(
      @PathParam("environment") String environment,
      @PathParam("action") String action,
      @HeaderParam("Authorization") String authorization) {
    Optional<Response> refused = ApiToken.refusal(api, authorization);
    if (refused.isPresent()) {
      return refused.get();
    }
    RolloutPlanner.Action requested;
    try {
      requested = RolloutPlanner.Action.valueOf(action.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return SyncResource.problem(
          Response.Status.NOT_FOUND, "unknown action: use pause, resume or abort");
    }
    if (!loop.active()) {
      return SyncResource.problem(
          Response.Status.SERVICE_UNAVAILABLE, "the controller is not running");
    }
    if (!requests.requestRollout(environment, requested)) {
      return SyncResource.problem(
          Response.Status.CONFLICT,
          "this replica does not publish environment "
              + environment
              + loop.currentLeader().map(l -> "; its leader is " + l).orElse(""));
    }
    return Response.accepted(
            Map.of(
                "environment",
                environment,
                "action",
                requested.name().toLowerCase(Locale.ROOT),
                "queued",
                true))
        .build();
  }
}
