package io.alloyfleet.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a sync ended, in one word: the {@code result} of status and of the sync metrics. */
public enum SyncResult {
  /** The source had not moved: nothing was done. */
  UNCHANGED,
  /** Rendered, and every branch was already current. */
  CURRENT,
  /** Rendered and committed. */
  COMMITTED,
  /** The sync could not finish. */
  FAILED;

  public static SyncResult of(SyncOutcome outcome) {
    return switch (outcome) {
      case SyncOutcome.SourceUnchanged u -> UNCHANGED;
      case SyncOutcome.Synced s -> s.commits().isEmpty() ? CURRENT : COMMITTED;
      case SyncOutcome.Failed f -> FAILED;
    };
  }

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }
}
