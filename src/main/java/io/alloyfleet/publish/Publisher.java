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

  /** The key rendered commits are signed with; empty when they are not signed. */
  default java.util.Optional<io.alloyfleet.signing.SigningKey> signingKey() {
    return java.util.Optional.empty();
  }

  /** The rendered branches as they are now. */
  Destination fetch() throws PublishException;

  /** The rendered branches as last fetched or pushed, without asking the remote. */
  Destination current() throws PublishException;

  /** A rendered file's text as the branch holds it. */
  java.util.Optional<String> read(RenderedBranch branch, String path) throws java.io.IOException;

  /** Commits what changed on top of {@code state} and pushes it, never forcing. */
  default PublishOutcome publish(SourceCommit source, FleetRender render, Destination state)
      throws PublishException {
    return publish(source, render, state, Staging.NONE);
  }

  /**
   * The same, recording where each cluster's render comes from and each environment's rollout
   * ({@code staging}).
   */
  PublishOutcome publish(
      SourceCommit source, FleetRender render, Destination state, Staging staging)
      throws PublishException;

  /**
   * Where each checked cluster of a render of {@code clusters} clusters goes as soon as it is
   * checked, for the next {@link #publish} of {@code source}. No default: a publisher that wraps
   * another must hand this on, or the render it publishes is held whole in memory.
   */
  io.alloyfleet.pipeline.RenderPipeline.Sink sink(
      SourceCommit source, Staging staging, int clusters);

  /**
   * Whether the destination's commit {@code revision} holds {@code cluster}'s directory as {@code
   * branch} has it now: what Argo CD synced is the render a rollout waits for.
   */
  boolean holds(String revision, RenderedBranch branch, String cluster);
}
