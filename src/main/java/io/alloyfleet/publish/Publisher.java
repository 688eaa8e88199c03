package io.alloyfleet.publish;

import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.source.SourceCommit;

/** Where renders go: the rendered branches of a destination repo. */
public interface Publisher {

  /**
   * The destination repo's URL, without credentials: what Argo CD Applications name as their
   * source.
   */
  String destinationUrl();

  /** The rendered branches as they are now. */
  Destination fetch() throws PublishException;

  /** Commits what changed on top of {@code state} and pushes it, never forcing. */
  PublishOutcome publish(SourceCommit source, FleetRender render, Destination state)
      throws PublishException;
}
