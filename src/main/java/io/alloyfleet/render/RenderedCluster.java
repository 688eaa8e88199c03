package io.alloyfleet.render;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of one cluster's agent, by path relative to the cluster's directory, the hash of its
 * config.alloy (the Deployment's {@code checksum/config}), and the objects each manifest file was
 * planned to hold (the output check proves the files hold exactly those).
 */
public record RenderedCluster(
    String id,
    String environment,
    SortedMap<String, String> files,
    String configHash,
    SortedMap<String, List<ManifestObject>> planned) {

  public RenderedCluster {
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    planned = Collections.unmodifiableSortedMap(new TreeMap<>(planned));
  }

  /** The same cluster without its files and plans: what is kept once they are written. */
  public RenderedCluster withoutFiles() {
    return new RenderedCluster(id, environment, new TreeMap<>(), configHash, new TreeMap<>());
  }

  public String configAlloy() {
    return files.get(ClusterRenderer.CONFIG_FILE);
  }
}
