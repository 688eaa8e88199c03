package io.alloyfleet.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The controller's settings. Every key is also an environment variable: {@code
 * alloy-fleet.source.url} is {@code ALLOY_FLEET_SOURCE_URL}, and so on.
 */
@ConfigMapping(prefix = "alloy-fleet")
public interface FleetSettings {

  /** The fleet repo. Without a URL the service runs the embedded demo on a local repo. */
  Source source();

  /** Where rendered branches go; by default the source repo itself. */
  Destination destination();

  /** How rendered commits are written: {@code alloy-fleet.publish.signing.*}. */
  Publish publish();

  /** How often to ask the source for its branch tip; each poll adds up to 10% jitter. */
  @WithDefault("30s")
  Duration pollInterval();

  /** Local clones and the demo repo live here. */
  @WithDefault("target/alloy-fleet")
  Path dataDir();

  /** Poll and publish; off for the CLI and in tests that do not exercise the controller. */
  @WithName("controller.enabled")
  @WithDefault("true")
  boolean controllerEnabled();

  interface Source {
    /** https://, ssh:// (or scp-like git@host:path) or file:// URL of the fleet repo. */
    Optional<String> url();

    @WithDefault("main")
    String branch();

    /** The fleet root inside the repo, e.g. {@code gitops-example}; empty for the repo root. */
    Optional<String> path();

    /** {@code alloy-fleet.source.username}, {@code .password-file}, {@code .ssh-key-file}, … */
    @WithParentName
    Credentials credentials();

    /** Which source commits may render: {@code alloy-fleet.source.verify.*}. */
    Verify verify();
  }

  /**
   * Source commits render only when signed by a trusted key; with neither file set, every commit
   * renders. Both files are read at each poll.
   */
  interface Verify {
    /**
     * An SSH allowed-signers file (Git's {@code gpg.ssh.allowedSignersFile}, {@code ssh-keygen -Y}
     * format): SSH-signed heads must be signed by one of its keys.
     */
    Optional<Path> allowedSigners();

    /** ASCII-armored OpenPGP public keys: OpenPGP-signed heads must be signed by one of them. */
    Optional<Path> openpgpKeys();
  }

  interface Publish {
    /** Signing of every rendered commit; unsigned when no format is set. */
    Signing signing();
  }

  /** Read once at start: a key that cannot be read or used stops the controller from starting. */
  interface Signing {
    /** {@code ssh} or {@code openpgp}; with a format, {@code key} is required. */
    Optional<io.alloyfleet.signing.SigningFormat> format();

    /** The private key file: an OpenSSH private key, or an ASCII-armored OpenPGP secret key. */
    Optional<Path> key();

    /** A file holding the key's passphrase, for a key that has one. */
    Optional<Path> passphraseFile();
  }

  interface Destination {
    /** A separate repo for rendered branches; default: the source repo. */
    Optional<String> url();

    /** Branch per environment; {@code {environment}} is replaced. */
    @WithDefault("rendered/{environment}")
    String branchTemplate();

    /** Write credentials for a separate destination repo. */
    @WithParentName
    Credentials credentials();
  }

  /** Read at each use, so a rotated Secret is picked up without a restart. */
  interface Credentials {
    Optional<String> username();

    /** A file holding the HTTPS password or token (e.g. a mounted Secret). */
    Optional<Path> passwordFile();

    /** The HTTPS password or token itself, for environments that inject env vars. */
    Optional<String> password();

    /** An SSH private key (OpenSSH format). */
    Optional<Path> sshKeyFile();

    /** known_hosts for SSH host key verification. */
    Optional<Path> knownHostsFile();

    /** Accept and remember an unknown SSH host key (off: unknown hosts are refused). */
    @WithDefault("false")
    boolean allowUnknownHosts();
  }
}
