/**
 * Commit signatures: signing the rendered commits ({@link io.alloyfleet.signing.CommitSigner}, SSH
 * or OpenPGP) and verifying source commits against trusted keys ({@link
 * io.alloyfleet.signing.TrustedSigners}, an SSH allowed-signers file and armored OpenPGP keys).
 */
package io.alloyfleet.signing;
