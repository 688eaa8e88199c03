package io.alloyfleet.git;

import io.alloyfleet.secrets.SecretFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How to reach a Git remote: its URL and credentials (HTTPS user + token read from a file or value
 * at each use; SSH key with host key verification against a known_hosts file). The credentials
 * never leave this class: {@link #displayUrl()} is what logs and status show.
 */
public final class RemoteAccess implements TransportConfigCallback {

  private final String url;
  private final Optional<String> username;
  private final Optional<Path> passwordFile;
  private final Optional<String> password;
  private final Optional<Path> sshKeyFile;
  private final Optional<Path> knownHostsFile;
  private final boolean allowUnknownHosts;
  private final Path sshHome;
  private final java.time.Duration timeout;
  private SshdSessionFactory sshFactory;

  /**
   * How long a Git operation may wait on the network before it fails (a hanging server must not
   * stall syncs).
   */
  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(60);

  private RemoteAccess(Builder b) {
    this.timeout = b.timeout;
    this.url = b.url;
    this.username = b.username.filter(u -> !u.isBlank());
    this.passwordFile = b.passwordFile;
    this.password = b.password.filter(p -> !p.isEmpty());
    this.sshKeyFile = b.sshKeyFile;
    this.knownHostsFile = b.knownHostsFile;
    this.allowUnknownHosts = b.allowUnknownHosts;
    this.sshHome = b.sshHome;
  }

  /**
   * A remote at {@code url}; {@code sshHome} holds what SSH remembers (known hosts it was told to
   * trust).
   */
  public static Builder to(String url, Path sshHome) {
    return new Builder(url, sshHome);
  }

  /** The credentials of a remote, named one by one: none can be passed in another's place. */
  public static final class Builder {
    private final String url;
    private final Path sshHome;
    private Optional<String> username = Optional.empty();
    private Optional<Path> passwordFile = Optional.empty();
    private Optional<String> password = Optional.empty();
    private Optional<Path> sshKeyFile = Optional.empty();
    private Optional<Path> knownHostsFile = Optional.empty();
    private boolean allowUnknownHosts;
    private java.time.Duration timeout = DEFAULT_TIMEOUT;

    private Builder(String url, Path sshHome) {
      this.url = url;
      this.sshHome = sshHome;
    }

    public Builder username(Optional<String> username) {
      this.username = username;
      return this;
    }

    /**
     * A file holding the HTTPS password or token, read at each use (a rotated Secret needs no
     * restart).
     */
    public Builder passwordFile(Optional<Path> passwordFile) {
      this.passwordFile = passwordFile;
      return this;
    }

    public Builder password(Optional<String> password) {
      this.password = password;
      return this;
    }

    public Builder sshKeyFile(Optional<Path> sshKeyFile) {
      this.sshKeyFile = sshKeyFile;
      return this;
    }

    public Builder knownHostsFile(Optional<Path> knownHostsFile) {
      this.knownHostsFile = knownHostsFile;
      return this;
    }

    /** Accept and remember an SSH host key never seen before (off: unknown hosts are refused). */
    public Builder allowUnknownHosts(boolean allow) {
      this.allowUnknownHosts = allow;
      return this;
    }

    public Builder timeout(java.time.Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public RemoteAccess build() {
      return new RemoteAccess(this);
    }
  }

  /** A remote reached without credentials (file:// or a public repo). */
  public static RemoteAccess anonymous(String url, Path sshHome) {
    return to(url, sshHome).build();
  }

  public String url() {
    return url;
  }

  /** The URL without user or password, safe for logs, status and metrics. */
  public String displayUrl() {
    return redact(url);
  }

  public static String redact(String url) {
    try {
      URIish uri = new URIish(url);
      boolean http = uri.getScheme() != null && uri.getScheme().startsWith("http");
      return uri.getPass() == null && !http
          ? uri.toString()
          : uri.setPass(null).setUser(null).toString();
    } catch (Exception e) {
      return url.replaceAll("//[^/@]*@", "//");
    }
  }

  public Optional<CredentialsProvider> credentials() {
    Optional<String> secret = SecretFile.read(passwordFile).or(() -> password);
    if (username.isEmpty() && secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new UsernamePasswordCredentialsProvider(username.orElse("git"), secret.orElse("")));
  }

  @Override
  public void configure(Transport transport) {
    transport.setTimeout((int) Math.max(1, timeout.toSeconds()));
    credentials().ifPresent(transport::setCredentialsProvider);
    if (transport instanceof SshTransport ssh) {
      ssh.setSshSessionFactory(sshFactory());
    }
  }

  private synchronized SshdSessionFactory sshFactory() {
    if (sshFactory == null) {
      sshFactory =
          new SshdSessionFactoryBuilder()
              .setHomeDirectory(sshHome.toFile())
              .setSshDirectory(sshHome.toFile())
              .setConfigFile(f -> writeSshConfig())
              .setDefaultKnownHostsFiles(
                  f -> knownHostsFile.map(List::of).orElse(List.of(sshHome.resolve("known_hosts"))))
              .setDefaultIdentities(f -> sshKeyFile.map(List::of).orElse(List.of()))
              .build(null);
    }
    return sshFactory;
  }

  /** An ssh config that verifies host keys strictly unless unknown hosts are allowed. */
  private java.io.File writeSshConfig() {
    try {
      Files.createDirectories(sshHome);
      Path config = sshHome.resolve("config");
      String knownHosts =
          knownHostsFile.orElse(sshHome.resolve("known_hosts")).toAbsolutePath().toString();
      StringBuilder text =
          new StringBuilder("Host *\n")
              .append("  StrictHostKeyChecking ")
              .append(allowUnknownHosts ? "accept-new" : "yes")
              .append('\n')
              .append("  UserKnownHostsFile ")
              .append(knownHosts)
              .append('\n')
              .append("  IdentitiesOnly yes\n")
              .append("  PreferredAuthentications publickey\n");
      sshKeyFile.ifPresent(
          k -> text.append("  IdentityFile ").append(k.toAbsolutePath()).append('\n'));
      Files.writeString(config, text.toString(), StandardCharsets.UTF_8);
      return config.toFile();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ssh config in " + sshHome, e);
    }
  }
}
