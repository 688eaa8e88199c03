package io.alloyfleet.render;

/**
 * One Kubernetes object in a rendered manifest, as the renderer planned it: what the output check
 * expects to find, no more and no fewer. {@code namespace} is empty for cluster-scoped objects.
 */
public record ManifestObject(String kind, String name, String namespace) {

  public static ManifestObject namespaced(String kind, String name, String namespace) {
    return new ManifestObject(kind, name, namespace);
  }

  public static ManifestObject clusterScoped(String kind, String name) {
    return new ManifestObject(kind, name, "");
  }

  @Override
  public String toString() {
    return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }
}
