package io.alloyfleet.render;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of one cluster's agent, by path relative to the cluster's directory, and the hash
 * of its config.alloy (the Deployment's {@code checksum/config}).
 */
public record RenderedCluster(String id, String environment, SortedMap<String, String> files, String configHash) {

  public RenderedCluster {
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  public String configAlloy() {
    return files.get(ClusterRenderer.CONFIG_FILE);
  }
}
