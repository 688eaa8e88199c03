package io.alloyfleet.status;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The status page for humans: the fleet as a table, problems inline, refreshing itself. */
@Path("/")
public class StatusPage {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance index(
        StatusView.Fleet fleet,
        List<StatusView.Cluster> clusters,
        List<io.alloyfleet.rollout.RolloutStatus> rollouts);
  }

  private final StatusService status;

  public StatusPage(StatusService status) {
    this.status = status;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String index() {
    return Templates.index(status.fleet(), status.clusters(), status.rollouts()).render();
  }
}
