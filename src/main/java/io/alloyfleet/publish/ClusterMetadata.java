package io.alloyfleet.publish;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A rendered cluster directory's {@code hydrator.metadata}: where its files come from (source repo
 * and commit, its author, date and subject), what they are (cluster, environment, config hash) and
 * the render hash that tells whether they are current, the commit its shared layers come from and
 * its own directory's version (for rollouts), and the {@code cluster.name} it was rendered under
 * (the name it holds: identity is decided once, see {@link Destination#identities}). Written and
 * read as this one record; fields it does not know (a newer controller's) are ignored, missing ones
 * are empty.
 */
@JsonPropertyOrder({
  "repoURL",
  "drySha",
  "author",
  "date",
  "subject",
  "cluster",
  "environment",
  "configHash",
  "renderHash",
  "rendererVersion",
  "sharedLayersCommit",
  "clusterTree",
  "clusterName"
})
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterMetadata(
    String repoURL,
    String drySha,
    String author,
    String date,
    String subject,
    String cluster,
    String environment,
    String configHash,
    String renderHash,
    String rendererVersion,
    String sharedLayersCommit,
    String clusterTree,
    String clusterName) {

  public ClusterMetadata {
    repoURL = orEmpty(repoURL);
    drySha = orEmpty(drySha);
    author = orEmpty(author);
    date = orEmpty(date);
    subject = orEmpty(subject);
    cluster = orEmpty(cluster);
    environment = orEmpty(environment);
    configHash = orEmpty(configHash);
    renderHash = orEmpty(renderHash);
    rendererVersion = orEmpty(rendererVersion);
    sharedLayersCommit = orEmpty(sharedLayersCommit);
    clusterTree = orEmpty(clusterTree);
    clusterName = orEmpty(clusterName);
  }

  /**
   * The source commit the cluster's shared layers (fleet.yaml, environment file, groups) come from;
   * a render older than rollouts names only its source commit, which is the same.
   */
  public String sharedLayers() {
    return sharedLayersCommit.isEmpty() ? drySha : sharedLayersCommit;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
