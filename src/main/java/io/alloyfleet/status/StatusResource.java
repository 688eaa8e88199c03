package io.alloyfleet.status;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The fleet's status for SREs and scripts: JSON, documented at /q/openapi. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status")
public class StatusResource {

  private final StatusService status;

  public StatusResource(StatusService status) {
    this.status = status;
  }

  @GET
  @Path("/status")
  @Operation(
      summary =
          "The controller: source, last sync, rendered branches, clusters by state, leadership")
  public StatusView.Fleet status() {
    return status.fleet();
  }

  @GET
  @Path("/rollouts")
  @Operation(
      summary =
          "Each environment's rollout: state, target and from commits, waves with their clusters, why it halted or waits")
  public List<io.alloyfleet.rollout.RolloutStatus> rollouts() {
    return status.rollouts();
  }

  @GET
  @Path("/clusters")
  @Operation(summary = "Every cluster with its state, problems and last good render")
  public List<StatusView.Cluster> clusters() {
    return status.clusters();
  }

  @GET
  @Path("/clusters/{id}")
  @Operation(summary = "One cluster")
  public Response cluster(@PathParam("id") String id) {
    return status
        .cluster(id)
        .map(c -> Response.ok(c).build())
        .orElseGet(() -> notFound("no cluster " + id));
  }

  @GET
  @Path("/clusters/{id}/values")
  @Operation(
      summary =
          "One cluster's merged values, each with the file and line that set it and the layers it overrode")
  public Response values(@PathParam("id") String id) {
    return status
        .values(id)
        .map(e -> Response.ok(new Values(e.values(), e.sources())).build())
        .orElseGet(() -> notFound("no values for cluster " + id + " (unknown, or not synced yet)"));
  }

  /** The JSON of {@code /api/clusters/{id}/values}. */
  public record Values(
      Object values, java.util.SortedMap<String, io.alloyfleet.fleet.Explanation.Source> sources) {}

  @GET
  @Path("/clusters/{id}/files/{path: .+}")
  @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
  @Operation(summary = "A rendered file as committed on the cluster's branch")
  public Response file(@PathParam("id") String id, @PathParam("path") String path) {
    return status
        .file(id, path)
        .map(text -> Response.ok(text, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build())
        .orElseGet(() -> notFound("no file " + path + " for cluster " + id));
  }

  static Response notFound(String detail) {
    return Response.status(404)
        .type("application/problem+json")
        .entity(Map.of("status", 404, "title", "Not Found", "detail", detail))
        .build();
  }
}
