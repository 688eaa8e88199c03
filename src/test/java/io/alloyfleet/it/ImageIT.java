package io.alloyfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The container image, as users run it: loaded from {@code target/alloy-fleet-image.tar} (built by
 * {@code src/main/docker/build-image.sh} first when it is missing or older than the packaged app),
 * started with podman on a fleet repo mounted into the container, ready, rendering, as a non-root
 * user on a read-only root filesystem, and the same image as a CLI. A machine that cannot run
 * containers fails this test: it does not skip.
 */
class ImageIT {

  static final Path PROJECT = Path.of("").toAbsolutePath();
  static final Path TARBALL = PROJECT.resolve("target/alloy-fleet-image.tar");
  static final String VERSION = System.getProperty("image.version", "0.1.0-SNAPSHOT");

  /** The tag the build gives the image, and kubernetes/base runs. */
  static final String TAG = "alloy-fleet:" + VERSION;

  /** Its full name: what podman loads, so no other local image of that short name is taken. */
  static final String IMAGE = "docker.io/library/" + TAG;

  static final Map<String, String> PODMAN_ENV =
      Map.of(
          "CONTAINERS_CONF",
          System.getenv()
              .getOrDefault(
                  "CONTAINERS_CONF",
                  PROJECT.resolve("src/main/docker/containers.conf").toString()));

  @TempDir Path dir;

  @Test
  void theImageRunsTheControllerAsNonRootOnAReadOnlyRootAndTheCli() throws Exception {
    podmanWorks();
    buildIfStale();
    assertThat(
            run(Duration.ofMinutes(5), "podman", "load", "--quiet", "--input", TARBALL.toString()))
        .contains(IMAGE);

    Path fleet = fleetRepo();
    int port = freePort();
    String name = "alloy-fleet-it-" + ProcessHandle.current().pid();
    long start = System.nanoTime();
    run(
        Duration.ofMinutes(1),
        "podman",
        "run",
        "--detach",
        "--name",
        name,
        "--network",
        "host",
        "--read-only",
        "--volume",
        fleet + ":/fleet",
        "--env",
        "ALLOY_FLEET_SOURCE_URL=file:///fleet/origin.git",
        "--env",
        "ALLOY_FLEET_POLL_INTERVAL=1h",
        "--env",
        "QUARKUS_HTTP_PORT=" + port,
        IMAGE);
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
      await("/q/health/ready answers 200")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(ready).build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()
                      == 200);
      System.out.printf(
          "ImageIT: %s ready %d ms after podman run%n",
          IMAGE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

      await("rendered branches in the mounted fleet repo")
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  renderedBranches(fleet.resolve("origin.git"))
                      .containsAll(
                          List.of(
                              "refs/heads/rendered/development",
                              "refs/heads/rendered/staging",
                              "refs/heads/rendered/production")));

      String pid =
          run(Duration.ofSeconds(30), "podman", "inspect", "--format", "{{.State.Pid}}", name)
              .strip();
      assertThat(Files.readAllLines(Path.of("/proc", pid, "status")))
          .as("the controller's user")
          .filteredOn(line -> line.startsWith("Uid:"))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line.split("\\s+"))
                      .containsExactly("Uid:", "185", "185", "185", "185"));
      assertThat(rootMountOptions(Path.of("/proc", pid, "mountinfo")))
          .as("the root filesystem's mount options")
          .contains("ro");
      assertThat(run(Duration.ofSeconds(30), "podman", "logs", name)).doesNotContain("ERROR");
    } finally {
      run(Duration.ofMinutes(1), "podman", "rm", "--force", "--volumes", name);
    }

    String validate =
        run(
            Duration.ofMinutes(2),
            "podman",
            "run",
            "--rm",
            "--network",
            "none",
            "--read-only",
            "--volume",
            fleet.resolve("work") + ":/fleet:ro",
            IMAGE,
            "validate",
            "--fleet",
            "/fleet");
    assertThat(validate).contains("6 cluster(s) valid, 0 invalid");

    // The AOT cache was made for this image's JVM and class path: AOTMode=on refuses to start
    // otherwise.
    String aot =
        run(
            Duration.ofMinutes(2),
            "podman",
            "run",
            "--rm",
            "--network",
            "none",
            "--read-only",
            "--volume",
            fleet.resolve("work") + ":/fleet:ro",
            "--entrypoint",
            "java",
            IMAGE,
            "@/deployments/jvm.options",
            "-XX:AOTMode=on",
            "-jar",
            "/deployments/quarkus-run.jar",
            "validate",
            "--fleet",
            "/fleet");
    assertThat(aot).contains("6 cluster(s) valid, 0 invalid");
  }

  @Test
  void kubernetesBaseRunsTheImageTheBuildTags() throws Exception {
    Map<String, Object> deployment =
        new Yaml().load(Files.readString(PROJECT.resolve("kubernetes/base/deployment.yaml")));
    Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
    Map<String, Object> container = list(pod, "containers").get(0);
    assertThat(container.get("image")).isEqualTo(TAG);
    assertThat(map(pod, "securityContext"))
        .containsEntry("runAsNonRoot", true)
        .containsEntry("runAsUser", 185)
        .containsEntry("runAsGroup", 185);
    assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true);
    assertThat(list(container, "volumeMounts"))
        .extracting(m -> m.get("mountPath"))
        .contains("/data", "/tmp");
  }

  /** Fails, with the reason, where podman cannot run a container. */
  private static void podmanWorks() throws Exception {
    try {
      run(Duration.ofMinutes(1), "podman", "info", "--format", "{{.Host.OCIRuntime.Name}}");
    } catch (IOException | AssertionError e) {
      throw new AssertionError(
          "this machine cannot run containers (podman, runc and mmdebstrap are needed; .ci/run"
              + " installs them): "
              + e.getMessage(),
          e);
    }
  }

  private static void buildIfStale() throws Exception {
    Path jar = PROJECT.resolve("target/quarkus-app/quarkus-run.jar");
    if (Files.exists(TARBALL)
        && Files.getLastModifiedTime(TARBALL).compareTo(Files.getLastModifiedTime(jar)) > 0) {
      return;
    }
    String output =
        run(
            Duration.ofMinutes(15),
            PROJECT.resolve("src/main/docker/build-image.sh").toString(),
            VERSION);
    System.out.println("ImageIT: " + output.strip());
  }

  /** A bare repo seeded from gitops-example, and its work tree, writable by the image's user. */
  private Path fleetRepo() throws Exception {
    Path fleet = dir.resolve("fleet");
    Path work = fleet.resolve("work");
    Path origin = fleet.resolve("origin.git");
    copy(PROJECT.resolve("gitops-example"), work);
    try (Git bare =
        Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call()) {
      // No gc in the background after the push below: its lock files would come and go while
      // the permissions are set.
      StoredConfig config = bare.getRepository().getConfig();
      config.setBoolean("receive", null, "autogc", false);
      config.setInt("gc", null, "auto", 0);
      config.save();
    }
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      PersonIdent me = new PersonIdent("ImageIT", "image-it@alloy-fleet.invalid");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("The example fleet").setAuthor(me).setCommitter(me).call();
      git.push()
          .setRemote(origin.toUri().toString())
          .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
          .call();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
      }
    }
    return fleet;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static List<String> renderedBranches(Path bare) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      return repo.getRefDatabase().getRefsByPrefix("refs/heads/rendered/").stream()
          .map(Ref::getName)
          .toList();
    }
  }

  /** The options of the mount at "/" as the process sees it (field 6 of mountinfo). */
  private static List<String> rootMountOptions(Path mountinfo) throws IOException {
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(mountinfo)) {
      String[] fields = line.split(" ");
      if (fields[4].equals("/")) {
        options = List.of(fields[5].split(","));
      }
    }
    return options;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    return (List<Map<String, Object>>) parent.get(key);
  }

  /** Runs a command, returns its output (stdout and stderr), fails on a non-zero exit. */
  private static String run(Duration timeout, String... command) throws Exception {
    Path log = Files.createTempFile("image-it-", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(PODMAN_ENV);
      Process process = builder.start();
      boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly().waitFor();
      }
      String text = Files.readString(log);
      assertThat(finished)
          .as("%s finishes within %s:%n%s", String.join(" ", command), timeout, text)
          .isTrue();
      assertThat(process.exitValue())
          .as("%s exits 0:%n%s", String.join(" ", command), text)
          .isZero();
      return text;
    } finally {
      Files.delete(log);
    }
  }
}
