package io.alloyfleet.git;

import java.util.Objects;
import org.eclipse.jgit.lib.AnyObjectId;

/**
 * A Git commit id: the full hex name, and the short form logs, commit messages and reports show.
 * The one place a commit id is shortened.
 */
public record CommitId(String full) {

  /** How many hex digits the short form keeps, as {@code git log --oneline} does. */
  public static final int SHORT_LENGTH = 7;

  public CommitId {
    Objects.requireNonNull(full, "full");
  }

  public static CommitId of(String full) {
    return new CommitId(full);
  }

  public static CommitId of(AnyObjectId id) {
    return new CommitId(id.name());
  }

  /** The first seven hex digits, or the whole id when it is shorter. */
  public String shortForm() {
    return full.length() > SHORT_LENGTH ? full.substring(0, SHORT_LENGTH) : full;
  }

  @Override
  public String toString() {
    return full;
  }
}
