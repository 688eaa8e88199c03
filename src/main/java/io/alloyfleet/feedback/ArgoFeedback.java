package io.alloyfleet.feedback;

import io.alloyfleet.status.StatusView;
import io.alloyfleet.sync.FleetSettings;
import io.alloyfleet.sync.SyncLoop;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Argo CD's side of a render: after a push, the Applications that consume a changed cluster
 * directory get {@code argocd.argoproj.io/refresh: normal}; their sync status, synced revision
 * and health come back into the cluster status.
 */
@ApplicationScoped
public class ArgoFeedback {

  static final String REFRESH = "argocd.argoproj.io/refresh";
  /** Argo CD's Application, named fully so no discovery call is needed. */
  public static final io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext APPLICATION =
      new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();
  private static final Logger LOG = Logger.getLogger(ArgoFeedback.class);

  private final FleetSettings.Argocd settings;
  private final Instance<KubernetesClient> kubernetes;
  private final Instance<SyncLoop> loop;

  public ArgoFeedback(FleetSettings settings, Instance<KubernetesClient> kubernetes, Instance<SyncLoop> loop) {
    this.settings = settings.argocd();
    this.kubernetes = kubernetes;
    this.loop = loop;
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** Asks Argo CD to refresh the Applications of these clusters on this branch now. */
  public void refresh(String branch, List<String> clusters) {
    if (!enabled()) {
      return;
    }
    Applications all = applications();
    for (String cluster : clusters) {
      for (GenericKubernetesResource app : all.matching(cluster, branch)) {
        try {
          kubernetes.get().genericKubernetesResources(APPLICATION)
              .inNamespace(settings.namespace()).withName(app.getMetadata().getName())
              .edit(a -> {
                a.getMetadata().setAnnotations(new java.util.HashMap<>(Optional.ofNullable(a.getMetadata().getAnnotations()).orElse(Map.of())));
                a.getMetadata().getAnnotations().put(REFRESH, "normal");
                return a;
              });
        } catch (KubernetesClientException e) {
          LOG.warnf("Cannot ask Argo CD to refresh %s: %s", app.getMetadata().getName(), e.getMessage());
        }
      }
    }
  }

  /** Argo CD's view of a cluster's Application, if connected and found. */
  public Optional<StatusView.Argo> status(String cluster, String branch) {
    return applications().status(cluster, branch);
  }

  /** Every Application, listed once: the status page asks about all clusters at a time. */
  public Applications applications() {
    if (!enabled()) {
      return new Applications(List.of(), "", Optional.empty());
    }
    try {
      List<GenericKubernetesResource> apps = kubernetes.get().genericKubernetesResources(APPLICATION).inNamespace(settings.namespace()).list().getItems();
      String repo = loop.get().sync().map(s -> s.publisher()).filter(p -> p instanceof io.alloyfleet.publish.BranchPublisher)
          .map(p -> ((io.alloyfleet.publish.BranchPublisher) p).destination().url()).orElse("");
      return new Applications(apps, repo, settings.clusterLabel());
    } catch (KubernetesClientException e) {
      LOG.debugf("Cannot list Argo CD Applications: %s", e.getMessage());
      return new Applications(List.of(), "", Optional.empty());
    }
  }

  /** The Applications of one listing, matched to clusters by label or by repo, branch and path. */
  public record Applications(List<GenericKubernetesResource> apps, String repo, Optional<String> clusterLabel) {

    public Optional<StatusView.Argo> status(String cluster, String branch) {
      return matching(cluster, branch).stream().findFirst().map(app -> {
        Map<String, Object> status = map(app.getAdditionalProperties().get("status"));
        Map<String, Object> sync = map(status.get("sync"));
        Map<String, Object> health = map(status.get("health"));
        return new StatusView.Argo((String) sync.get("status"), (String) sync.get("revision"), (String) health.get("status"));
      });
    }

    List<GenericKubernetesResource> matching(String cluster, String branch) {
      return apps.stream().filter(app -> {
        if (clusterLabel.isPresent()) {
          Map<String, String> labels = Optional.ofNullable(app.getMetadata().getLabels()).orElse(Map.of());
          return cluster.equals(labels.get(clusterLabel.get()));
        }
        Map<String, Object> source = map(map(app.getAdditionalProperties().get("spec")).get("source"));
        return sameRepo(repo, (String) source.get("repoURL")) && branch.equals(source.get("targetRevision")) && cluster.equals(trim((String) source.get("path")));
      }).toList();
    }
  }

  private static boolean sameRepo(String a, String b) {
    return b != null && Objects.equals(normalize(a), normalize(b));
  }

  private static String normalize(String url) {
    return url.replaceAll("/+$", "").replaceAll("\\.git$", "").replaceAll("^file:/+", "file:///");
  }

  private static String trim(String path) {
    return path == null ? null : path.replaceAll("^\\./|/+$", "");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
