package io.alloyfleet.source;

import java.time.Instant;

/** The source commit a render comes from: what Argo CD's hydrator calls the dry SHA. */
public record SourceCommit(
    String id, String subject, String authorName, String authorEmail, Instant time) {

  public String shortId() {
    return id.substring(0, 7);
  }
}
