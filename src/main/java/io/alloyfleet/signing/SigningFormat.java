package io.alloyfleet.signing;

/** How commits are signed: Git's {@code gpg.format} values {@code ssh} and {@code openpgp}. */
public enum SigningFormat {
  /** An SSH signature ({@code -----BEGIN SSH SIGNATURE-----}), checked with allowed signers. */
  SSH,
  /** An OpenPGP signature ({@code -----BEGIN PGP SIGNATURE-----}), checked with GnuPG. */
  OPENPGP;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
