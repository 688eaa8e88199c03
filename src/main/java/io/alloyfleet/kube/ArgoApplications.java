package io.alloyfleet.kube;

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
 * Argo CD's Applications of the rendered cluster directories: after a push, those of changed
 * clusters get {@code argocd.argoproj.io/refresh: normal}; their sync status, synced revision and
 * health are read back for the cluster status. An Application belongs to a cluster by a label, or
 * by the destination repo, branch and path it syncs.
 */
@ApplicationScoped
public class ArgoApplications {

  static final String REFRESH = "argocd.argoproj.io/refresh";

  /** Argo CD's Application, named fully so no discovery call is needed. */
  public static final io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext APPLICATION =
      new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withKind("Application")
          .withPlural("applications")
          .withNamespaced(true)
          .build();

  private static final Logger LOG = Logger.getLogger(ArgoApplications.class);

  private final ArgocdSettings settings;
  private final Instance<KubernetesClient> kubernetes;

  public ArgoApplications(ArgocdSettings settings, Instance<KubernetesClient> kubernetes) {
    this.settings = settings;
    this.kubernetes = kubernetes;
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * Asks Argo CD to refresh the Applications of these clusters on this branch of the destination
   * now.
   */
  public void refresh(String destinationUrl, String branch, List<String> clusters) {
    if (!enabled()) {
      return;
    }
    Applications all = applications(destinationUrl);
    for (String cluster : clusters) {
      for (GenericKubernetesResource app : all.matching(cluster, branch)) {
        try {
          kubernetes
              .get()
              .genericKubernetesResources(APPLICATION)
              .inNamespace(settings.namespace())
              .withName(app.getMetadata().getName())
              .edit(
                  a -> {
                    a.getMetadata()
                        .setAnnotations(
                            new java.util.HashMap<>(
                                Optional.ofNullable(a.getMetadata().getAnnotations())
                                    .orElse(Map.of())));
                    a.getMetadata().getAnnotations().put(REFRESH, "normal");
                    return a;
                  });
        } catch (KubernetesClientException e) {
          LOG.warnf(
              "Cannot ask Argo CD to refresh %s: %s", app.getMetadata().getName(), e.getMessage());
        }
      }
    }
  }

  /** Every Application, listed once: the status page asks about all clusters at a time. */
  public Applications applications(String destinationUrl) {
    if (!enabled()) {
      return new Applications(List.of(), "", Optional.empty());
    }
    try {
      List<GenericKubernetesResource> apps =
          kubernetes
              .get()
              .genericKubernetesResources(APPLICATION)
              .inNamespace(settings.namespace())
              .list()
              .getItems();
      return new Applications(apps, destinationUrl, settings.clusterLabel());
    } catch (KubernetesClientException e) {
      LOG.debugf("Cannot list Argo CD Applications: %s", e.getMessage());
      return new Applications(List.of(), "", Optional.empty());
    }
  }

  /** The Applications of one listing, matched to clusters by label or by repo, branch and path. */
  public record Applications(
      List<GenericKubernetesResource> apps, String repo, Optional<String> clusterLabel) {

    public Optional<ApplicationStatus> status(String cluster, String branch) {
      return matching(cluster, branch).stream()
          .findFirst()
          .map(
              app -> {
                Map<String, Object> status = map(app.getAdditionalProperties().get("status"));
                Map<String, Object> sync = map(status.get("sync"));
                Map<String, Object> health = map(status.get("health"));
                return new ApplicationStatus(
                    ApplicationStatus.SyncCode.of(sync.get("status")),
                    sync.get("revision") instanceof String revision ? revision : null,
                    ApplicationStatus.HealthCode.of(health.get("status")));
              });
    }

    List<GenericKubernetesResource> matching(String cluster, String branch) {
      return apps.stream()
          .filter(
              app -> {
                if (clusterLabel.isPresent()) {
                  Map<String, String> labels =
                      Optional.ofNullable(app.getMetadata().getLabels()).orElse(Map.of());
                  return cluster.equals(labels.get(clusterLabel.get()));
                }
                Map<String, Object> source =
                    map(map(app.getAdditionalProperties().get("spec")).get("source"));
                return sameRepo(repo, (String) source.get("repoURL"))
                    && branch.equals(source.get("targetRevision"))
                    && cluster.equals(trim((String) source.get("path")));
              })
          .toList();
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
