package io.alloyfleet.signing;

/**
 * A signing key that cannot be read or used, or trusted keys that cannot be read: the controller
 * does not start (it never writes an unsigned commit instead). The message names the file, never
 * its content.
 */
public final class SigningException extends Exception {

  public SigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
