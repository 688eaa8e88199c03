package io.alloyfleet.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a cluster stands, as status, metrics and the page show it. */
public enum ClusterState {
  /** Its rendered files are on its branch, from the current source commit. */
  OK,
  /** Invalid now; its last good render is still on the branch. */
  STALE,
  /** Invalid, and never rendered. */
  INVALID,
  /** Valid, not yet on its branch. */
  PENDING;

  /** The word used in JSON, metric labels and the page: {@code ok}, {@code stale}, … */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }
}
