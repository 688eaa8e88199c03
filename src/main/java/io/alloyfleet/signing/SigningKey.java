package io.alloyfleet.signing;

/**
 * The public side of the key rendered commits are signed with, as an operator gives it to Argo CD
 * or to an allowed-signers file: SSH {@code SHA256:…}, OpenPGP the signing key's fingerprint (40
 * hex digits; Argo CD's {@code signatureKeys} take its last 16, the key ID).
 */
public record SigningKey(SigningFormat format, String fingerprint) {}
