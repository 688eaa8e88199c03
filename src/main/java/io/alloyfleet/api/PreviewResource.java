package io.alloyfleet.api;

import io.alloyfleet.feedback.Previews;
import io.alloyfleet.feedback.PullRequestPreview;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The last preview of each of the 100 most recent pull requests. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PreviewResource {

  private final Previews previews;

  public PreviewResource(Previews previews) {
    this.previews = previews;
  }

  /** Newest first, without the clusters' diffs: head, base, time, summary. */
  @GET
  @Path("/previews")
  public List<PullRequestPreview> previews() {
    return previews.all().stream().map(PullRequestPreview::summarized).toList();
  }

  @GET
  @Path("/previews/{number}")
  public Response preview(@PathParam("number") long number) {
    return previews
        .of(number)
        .map(p -> Response.ok(p).build())
        .orElseGet(
            () ->
                SyncResource.problem(
                    Response.Status.NOT_FOUND, "no preview of pull request " + number));
  }
}
