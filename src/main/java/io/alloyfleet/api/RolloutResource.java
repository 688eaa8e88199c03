package io.alloyfleet.api;

import io.alloyfleet.rollout.RolloutPlanner;
import io.alloyfleet.rollout.RolloutStatus;
import io.alloyfleet.sync.SyncLoop;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Rollouts: {@code GET /api/rollouts}, where each environment's stands; {@code POST
 * /api/rollouts/{environment}/pause|resume|abort} with the API token, taken by the next sync (202)
 * of the replica that publishes the environment.
 */
@Path("/api/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

  private final SyncLoop loop;
  private final ApiSettings api;

  public RolloutResource(SyncLoop loop, ApiSettings api) {
    this.loop = loop;
    this.api = api;
  }

  @GET
  public List<RolloutStatus> rollouts() {
    return loop.rollouts().map(r -> List.copyOf(r.last().statuses().values())).orElse(List.of());
  }

  @POST
  @Path("/{environment}/{action}")
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
    if (!loop.requestRollout(environment, requested)) {
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
