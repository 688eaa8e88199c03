package io.alloyfleet.source;

/**
 * The source could not be read: network, authentication, missing branch. A fault, not a problem.
 */
public final class SourceException extends Exception {

  /** Why the source could not be read, as far as the transport tells. */
  public enum Reason {
    /**
     * The source answered and refused our credentials (HTTP 401/403, SSH auth): retrying will not
     * help until they change.
     */
    AUTHENTICATION,
    /** Anything else: the network, the host, a missing branch, an unreadable commit. */
    OTHER
  }

  private final Reason reason;

  public SourceException(String message, Throwable cause) {
    super(message, cause);
    this.reason = cause != null && refusedCredentials(cause) ? Reason.AUTHENTICATION : Reason.OTHER;
  }

  public Reason reason() {
    return reason;
  }

  private static boolean refusedCredentials(Throwable e) {
    for (Throwable current = e;
        current != null;
        current = current.getCause() == current ? null : current.getCause()) {
      String message = String.valueOf(current.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (message.contains("not authorized")
          || message.contains("authentication is required")
          || message.contains("not permitted")
          || message.contains("auth fail")
          || message.contains("authentication failed")
          || message.contains("no more authentication methods")) {
        return true;
      }
    }
    return false;
  }

  /** The first message of a JGit failure chain, with any URL credentials removed. */
  public static String reason(Throwable e) {
    Throwable current = e;
    while (current.getMessage() == null
        && current.getCause() != null
        && current.getCause() != current) {
      current = current.getCause();
    }
    String message =
        current.getMessage() == null ? current.getClass().getSimpleName() : current.getMessage();
    return message.replaceAll("//[^/@\\s]*@", "//");
  }
}
