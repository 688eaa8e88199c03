package io.alloyfleet.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real keys made for a test by the tools operators use: {@code ssh-keygen} and GnuPG (in a
 * temporary {@code GNUPGHOME}), and C git to sign and verify commits as Argo CD does.
 */
public final class TestKeys {

  public static final String EMAIL = "alloy-fleet@users.noreply.localhost";

  private TestKeys() {}

  /** The output of a command that must succeed. */
  public static String run(Path dir, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    Result result = exec(dir, env, command);
    if (result.exit() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (" + result.exit() + "): " + result.output());
    }
    return result.output();
  }

  /** A command's exit status and its output (stdout and stderr together). */
  public record Result(int exit, String output) {}

  public static Result exec(Path dir, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
    return new Result(process.exitValue(), output);
  }

  /** An SSH key pair: the private key file, its public key line and its fingerprint. */
  public record SshKey(Path file, String publicKey, String fingerprint) {

    /** An allowed-signers file holding this key for {@code principal}. */
    public Path allowedSigners(Path file, String principal) throws IOException {
      return Files.writeString(file, principal + " " + publicKey + "\n");
    }
  }

  /**
   * A new ECDSA key from ssh-keygen, with {@code passphrase} (empty for none). Not Ed25519 in
   * tests: Apache MINA registers BouncyCastle's JCE provider JVM-wide from the first class loader
   * that uses it, and a test JVM has several (one per Quarkus application), so MINA of another
   * loader hands that provider BouncyCastle Ed25519 key specs it does not recognize ("key spec not
   * recognized"). ECDSA and RSA use the JDK's key specs. The packaged application has one class
   * loader: an Ed25519 key signs from {@code quarkus-run.jar}.
   */
  public static SshKey ssh(Path dir, String name, String passphrase) throws Exception {
    return ssh(dir, name, passphrase, "ecdsa");
  }

  /** A new key of {@code type} ({@code ed25519}, {@code ecdsa}, {@code rsa}) from ssh-keygen. */
  public static SshKey ssh(Path dir, String name, String passphrase, String type) throws Exception {
    Path file = dir.resolve(name);
    run(
        dir,
        Map.of(),
        "ssh-keygen",
        "-q",
        "-t",
        type,
        "-N",
        passphrase,
        "-C",
        name,
        "-f",
        file.toString());
    String publicKey = Files.readString(dir.resolve(name + ".pub")).strip();
    String fingerprint = run(dir, Map.of(), "ssh-keygen", "-l", "-f", file + ".pub").split(" ")[1];
    return new SshKey(file, publicKey, fingerprint);
  }

  /** A GnuPG home with one key: its armored secret and public keys and its fingerprint. */
  public record GpgKey(Path home, String fingerprint, Path secretKey, Path publicKey) {

    public Map<String, String> env() {
      return Map.of("GNUPGHOME", home.toString());
    }
  }

  /**
   * A new key in its own GnuPG home (GnuPG's default algorithms), without a passphrase unless
   * {@code passphrase} is set; {@code expire} as gpg takes it ({@code never}, {@code 1d}); with
   * {@code fakedTime} (e.g. {@code 20200101T000000}) it is made at that time.
   */
  public static GpgKey gpg(
      Path dir, String name, String passphrase, String expire, String fakedTime) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name + ".gnupg"));
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Map<String, String> env = Map.of("GNUPGHOME", home.toString());
    List<String> command =
        new ArrayList<>(
            List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase));
    if (!fakedTime.isEmpty()) {
      command.addAll(List.of("--faked-system-time", fakedTime));
    }
    command.addAll(
        List.of("--quick-gen-key", name + " <" + EMAIL + ">", "default", "default", expire));
    run(dir, env, command.toArray(String[]::new));
    String fingerprint =
        run(dir, env, "gpg", "--batch", "--with-colons", "--list-keys")
            .lines()
            .filter(l -> l.startsWith("fpr:"))
            .findFirst()
            .orElseThrow()
            .split(":")[9];
    Path secret = dir.resolve(name + ".secret.asc");
    Files.writeString(
        secret,
        run(
            dir,
            env,
            "gpg",
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            passphrase,
            "--armor",
            "--export-secret-keys",
            fingerprint));
    Path publicKey = dir.resolve(name + ".public.asc");
    Files.writeString(
        publicKey, run(dir, env, "gpg", "--batch", "--armor", "--export", fingerprint));
    return new GpgKey(home, fingerprint, secret, publicKey);
  }

  /** Stops the gpg-agent GnuPG started for {@code key}'s home. */
  public static void stopAgent(GpgKey key) throws Exception {
    exec(key.home(), key.env(), "gpgconf", "--kill", "all");
  }

  /** Revokes the key in its home with the certificate GnuPG made with it; re-exports it. */
  public static GpgKey revoke(Path dir, GpgKey key) throws Exception {
    Path certificate = key.home().resolve("openpgp-revocs.d").resolve(key.fingerprint() + ".rev");
    // GnuPG prefixes the armor with ':' so that it is not imported by accident.
    Path armored = dir.resolve("revocation.asc");
    Files.writeString(armored, Files.readString(certificate).replace(":-----BEGIN", "-----BEGIN"));
    run(dir, key.env(), "gpg", "--batch", "--import", armored.toString());
    Files.writeString(
        key.publicKey(),
        run(dir, key.env(), "gpg", "--batch", "--armor", "--export", key.fingerprint()));
    return key;
  }
}
