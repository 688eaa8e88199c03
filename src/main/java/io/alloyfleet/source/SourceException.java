package io.alloyfleet.source;

/** The source could not be read: network, authentication, missing branch. A fault, not a problem. */
public final class SourceException extends Exception {

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The first message of a JGit failure chain, with any URL credentials removed. */
  public static String reason(Throwable e) {
    Throwable current = e;
    while (current.getMessage() == null && current.getCause() != null && current.getCause() != current) {
      current = current.getCause();
    }
    String message = current.getMessage() == null ? current.getClass().getSimpleName() : current.getMessage();
    return message.replaceAll("//[^/@\\s]*@", "//");
  }
}
