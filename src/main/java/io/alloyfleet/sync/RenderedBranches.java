package io.alloyfleet.sync;

import io.alloyfleet.publish.Destination;
import io.alloyfleet.publish.PublishException;
import io.alloyfleet.publish.Publisher;
import io.alloyfleet.publish.RenderedBranch;
import io.alloyfleet.signing.SigningKey;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The rendered branches as readers see them: their state as last fetched or pushed (never asking
 * the remote), a file as a branch holds it, the key commits are signed with. Read-only.
 */
public interface RenderedBranches {

  /** Before the controller started: no branch, no file, no key. */
  RenderedBranches NONE = of(Optional.empty());

  /** The branches as last fetched or pushed; none when they cannot be read. */
  Destination current();

  /** A rendered file's text as {@code branch} holds it. */
  Optional<String> read(RenderedBranch branch, String path) throws IOException;

  /** The key rendered commits are signed with; empty when they are not signed. */
  Optional<SigningKey> signingKey();

  /** A view of the publisher the sync now has, when it has one. */
  static RenderedBranches of(Optional<Publisher> publisher) {
    return new RenderedBranches() {
      @Override
      public Destination current() {
        try {
          return publisher.isPresent() ? publisher.get().current() : new Destination(Map.of());
        } catch (PublishException e) {
          return new Destination(Map.of());
        }
      }

      @Override
      public Optional<String> read(RenderedBranch branch, String path) throws IOException {
        return publisher.isPresent() ? publisher.get().read(branch, path) : Optional.empty();
      }

      @Override
      public Optional<SigningKey> signingKey() {
        return publisher.flatMap(Publisher::signingKey);
      }
    };
  }
}
