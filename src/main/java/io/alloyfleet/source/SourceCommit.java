package io.alloyfleet.source;

import io.alloyfleet.git.CommitId;
import java.time.Instant;

/** The source commit a render comes from: what Argo CD's hydrator calls the dry SHA. */
public record SourceCommit(
    String id, String subject, String authorName, String authorEmail, Instant time) {

  /** The id's short form, as logs and commit messages show it. */
  public String shortId() {
    return CommitId.of(id).shortForm();
  }
}
