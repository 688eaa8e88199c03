package io.alloyfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.source.FleetSource;
import io.alloyfleet.source.SourceException;
import io.alloyfleet.source.SourceSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.junit.http.AppServer;
import org.eclipse.jgit.junit.ssh.SshTestGitServer;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the fleet over real transports: smart HTTP with basic auth, SSH with keys, file://. */
class SourceTransportTest {

  @TempDir Path dir;

  FleetRepo origin;
  Repository served;
  Repository cache;

  @BeforeEach
  void setUp() throws Exception {
    origin = FleetRepo.seeded(dir, Path.of("gitops-example"));
    served = Git.open(origin.bare.toFile()).getRepository();
    cache = FleetRepo.emptyCache(dir);
  }

  @AfterEach
  void tearDown() {
    origin.close();
    served.close();
    cache.close();
  }

  FleetSource source(RemoteAccess remote) {
    return new FleetSource(cache, remote, "main", "");
  }

  static void assertFleet(SourceSnapshot snapshot) throws Exception {
    assertThat(snapshot).isInstanceOf(SourceSnapshot.Fetched.class);
    assertThat(((SourceSnapshot.Fetched) snapshot).files().directories("clusters"))
        .contains("payments-prod", "platform-prod");
    assertThat(
            ((SourceSnapshot.Fetched) snapshot).files().read("clusters/payments-prod/cluster.yaml"))
        .isPresent();
  }

  @Test
  void fileUrlsWork() throws Exception {
    assertFleet(
        source(RemoteAccess.anonymous(origin.url(), dir.resolve("ssh"))).poll(Optional.empty()));
  }

  @Test
  void smartHttpWithBasicAuthReadsTheFleetAndAWrongPasswordIsAClearErrorWithoutThePassword()
      throws Exception {
    AppServer server = new AppServer();
    ServletContextHandler app = server.addContext("/git");
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver(
        (request, name) -> {
          if (!name.equals("fleet.git")) {
            throw new RepositoryNotFoundException(name);
          }
          served.incrementOpen();
          return served;
        });
    app.addServlet(new ServletHolder(servlet), "/*");
    server.authBasic(app);
    server.setUp();
    try {
      String url = "http://localhost:" + server.getPort() + "/git/fleet.git";
      Path token = dir.resolve("token");
      Files.writeString(token, AppServer.password + "\n");
      RemoteAccess good =
          RemoteAccess.to(url, dir.resolve("ssh"))
              .username(Optional.of(AppServer.username))
              .passwordFile(Optional.of(token))
              .build();
      assertFleet(source(good).poll(Optional.empty()));
      assertThat(new BranchPublisher(cache, good, "rendered/{environment}", url).fetch().branches())
          .isEmpty();

      RemoteAccess bad =
          RemoteAccess.to(url, dir.resolve("ssh"))
              .username(Optional.of(AppServer.username))
              .password(Optional.of("hunter2-wrong"))
              .build();
      assertThatThrownBy(() -> source(bad).poll(Optional.empty()))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("cannot read branch main of " + url)
          .hasMessageContaining("not authorized")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"))
          .satisfies(
              e ->
                  assertThat(((SourceException) e).reason())
                      .isEqualTo(SourceException.Reason.AUTHENTICATION));
    } finally {
      server.tearDown();
    }
  }

  @Test
  void sshWithAKeyAndAKnownHostWorksAndAnUnknownHostIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair user = generator.generateKeyPair();
    KeyPair host = generator.generateKeyPair();
    Path key = dir.resolve("id_rsa");
    try (var out = Files.newOutputStream(key)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(user, "test", null, out);
    }
    SshTestGitServer server = new SshTestGitServer("git", user.getPublic(), served, host);
    int port = server.start();
    try {
      String url = "ssh://git@localhost:" + port + "/fleet.git";
      Path knownHosts = dir.resolve("known_hosts");
      Files.writeString(
          knownHosts,
          "[localhost]:" + port + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
      RemoteAccess known =
          RemoteAccess.to(url, dir.resolve("ssh-known"))
              .sshKeyFile(Optional.of(key))
              .knownHostsFile(Optional.of(knownHosts))
              .build();
      assertFleet(source(known).poll(Optional.empty()));

      Path empty = dir.resolve("empty_known_hosts");
      Files.writeString(empty, "");
      RemoteAccess unknown =
          RemoteAccess.to(url, dir.resolve("ssh-unknown"))
              .sshKeyFile(Optional.of(key))
              .knownHostsFile(Optional.of(empty))
              .build();
      assertThatThrownBy(() -> source(unknown).poll(Optional.empty()))
          .isInstanceOf(SourceException.class);
      assertThat(Files.readString(empty)).isEmpty();

      RemoteAccess trusting =
          RemoteAccess.to(url, dir.resolve("ssh-trusting"))
              .sshKeyFile(Optional.of(key))
              .knownHostsFile(Optional.of(empty))
              .allowUnknownHosts(true)
              .build();
      assertFleet(source(trusting).poll(Optional.empty()));
    } finally {
      server.stop();
    }
  }

  @Test
  void aHangingServerTimesOutInsteadOfStallingTheSync() throws Exception {
    try (java.net.ServerSocket hanging = new java.net.ServerSocket(0)) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      hanging.accept(); // accept and never answer
                      Thread.sleep(60_000);
                    } catch (Exception ignored) {
                      // closed at the end of the test
                    }
                  });
      String url = "http://127.0.0.1:" + hanging.getLocalPort() + "/fleet.git";
      RemoteAccess slow =
          RemoteAccess.to(url, dir.resolve("ssh")).timeout(java.time.Duration.ofSeconds(2)).build();
      long start = System.nanoTime();
      assertThatThrownBy(() -> source(slow).poll(Optional.empty()))
          .isInstanceOf(SourceException.class);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(java.time.Duration.ofSeconds(30));
      acceptor.interrupt();
    }
  }

  @Test
  void displayUrlsCarryNoCredentials() {
    assertThat(RemoteAccess.redact("https://bot:s3cret@git.example.com/fleet.git"))
        .isEqualTo("https://git.example.com/fleet.git");
    assertThat(RemoteAccess.redact("ssh://git@git.example.com/fleet.git"))
        .isEqualTo("ssh://git@git.example.com/fleet.git");
  }
}
