package io.alloyfleet.kube;

import java.util.Arrays;
import java.util.Optional;

/**
 * What Argo CD reports of a cluster's Application: sync status, the revision it synced, health.
 * Either code is empty while Argo CD reports none (an Application not reconciled yet); a code this
 * version does not know reads as {@code Unknown}.
 */
public record ApplicationStatus(
    Optional<SyncCode> sync, String revision, Optional<HealthCode> health) {

  /** Argo CD's sync status codes (gitops-engine {@code SyncStatusCode}). */
  public enum SyncCode {
    SYNCED("Synced"),
    OUT_OF_SYNC("OutOfSync"),
    UNKNOWN("Unknown");

    private final String code;

    SyncCode(String code) {
      this.code = code;
    }

    /** As Argo CD writes it. */
    public String code() {
      return code;
    }

    /** The code Argo CD wrote; empty when it wrote none, {@link #UNKNOWN} for one not known. */
    static Optional<SyncCode> of(Object written) {
      return read(written, values(), SyncCode::code, UNKNOWN);
    }

    @Override
    public String toString() {
      return code;
    }
  }

  /** Argo CD's health status codes (gitops-engine {@code HealthStatusCode}). */
  public enum HealthCode {
    HEALTHY("Healthy"),
    PROGRESSING("Progressing"),
    DEGRADED("Degraded"),
    SUSPENDED("Suspended"),
    MISSING("Missing"),
    UNKNOWN("Unknown");

    private final String code;

    HealthCode(String code) {
      this.code = code;
    }

    /** As Argo CD writes it. */
    public String code() {
      return code;
    }

    /** The code Argo CD wrote; empty when it wrote none, {@link #UNKNOWN} for one not known. */
    static Optional<HealthCode> of(Object written) {
      return read(written, values(), HealthCode::code, UNKNOWN);
    }

    @Override
    public String toString() {
      return code;
    }
  }

  /**
   * One of {@code codes} by the text Argo CD wrote: empty for none, {@code unknown} for another.
   */
  private static <C> Optional<C> read(
      Object written, C[] codes, java.util.function.Function<C, String> code, C unknown) {
    return written == null
        ? Optional.empty()
        : Optional.of(
            Arrays.stream(codes)
                .filter(c -> code.apply(c).equals(written))
                .findFirst()
                .orElse(unknown));
  }
}
