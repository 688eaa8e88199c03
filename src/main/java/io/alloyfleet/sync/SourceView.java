package io.alloyfleet.sync;

import io.alloyfleet.source.FleetSource;
import io.alloyfleet.source.Revisions;
import io.alloyfleet.source.SourceException;
import java.util.Optional;

/**
 * The fleet source as readers see it: where it is, and what a pull-request preview needs of it (a
 * head fetched by its ref into the local cache, never pushed; whether the sync would refuse it; the
 * trees of the cache's commits).
 */
public interface SourceView {

  /** The source repo's URL, without credentials. */
  String displayUrl();

  /** The branch the sync renders. */
  String branch();

  /** A pull request's head, fetched with the tip of the branch it targets. */
  record Head(String commit, String branchTip) {}

  /** Fetches {@code remoteRef} (with the branch) into the cache as {@code localName}. */
  Head fetchRef(String remoteRef, String localName) throws SourceException;

  /** Why the sync would render nothing of {@code commit} (its signature); empty when it would. */
  Optional<String> refusal(String commit) throws SourceException;

  /** The fleet at any commit of the local cache, under {@code root}. */
  Revisions revisions(String root);

  static SourceView of(FleetSource source) {
    return new SourceView() {
      @Override
      public String displayUrl() {
        return source.remote().displayUrl();
      }

      @Override
      public String branch() {
        return source.branch();
      }

      @Override
      public Head fetchRef(String remoteRef, String localName) throws SourceException {
        FleetSource.Fetched fetched = source.fetchRef(remoteRef, localName);
        return new Head(fetched.commit(), fetched.branchTip());
      }

      @Override
      public Optional<String> refusal(String commit) throws SourceException {
        return source.refusal(commit);
      }

      @Override
      public Revisions revisions(String root) {
        return new Revisions(source.cache(), root);
      }
    };
  }
}
