package io.alloyfleet.publish;

/** The destination could not be read or written (network, authentication, disk). */
public final class PublishException extends Exception {

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
