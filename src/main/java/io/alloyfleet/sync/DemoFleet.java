package io.alloyfleet.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The embedded default: a local bare repo seeded from the bundled {@code gitops-example}, so
 * the service runs with no settings and no cluster. Kept across restarts.
 */
final class DemoFleet {

  private DemoFleet() {}

  /** The demo repo's URL, creating and seeding it on first use. */
  static String ensure(Path dataDir, Path example) throws IOException, GitAPIException {
    Path bare = dataDir.resolve("demo-fleet.git").toAbsolutePath();
    if (Files.isDirectory(bare.resolve("objects"))) {
      return bare.toUri().toString();
    }
    if (!Files.isDirectory(example.resolve("clusters"))) {
      throw new IOException("no alloy-fleet.source.url is set and there is no " + example + "/ to seed a demo from: "
          + "run from the project directory, or set ALLOY_FLEET_SOURCE_URL");
    }
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Path work = dataDir.resolve("demo-seed").toAbsolutePath();
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call();
        Stream<Path> files = Files.walk(example)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = work.resolve(example.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
      PersonIdent demo = new PersonIdent("Alloy Fleet demo", "demo@alloy-fleet.invalid");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("Seed the demo fleet from gitops-example").setAuthor(demo).setCommitter(demo).call();
      var config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", bare.toUri().toString());
      config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
      config.setString("branch", "main", "remote", "origin");
      config.setString("branch", "main", "merge", "refs/heads/main");
      config.save();
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
    return bare.toUri().toString();
  }
}
