package io.alloyfleet.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * {@code git gc --auto} for the local cache, between syncs. Every fetch of a changed source adds a
 * pack and every small push a few loose objects; past Git's own limits (50 packs or about 6,700
 * loose objects, the defaults of {@code gc.autoPackLimit} and {@code gc.auto}) they are packed into
 * one, so object lookups stay fast after months of syncs. Deltas are not searched: a repack then
 * copies objects instead of comparing them. (JGit's own automatic packing after a fetch is turned
 * off in the cache: see {@link LocalCache}.)
 */
public final class Housekeeping {

  /** Git's limits: {@code gc.autoPackLimit} and {@code gc.auto}. */
  record Limits(int packs, int looseObjects) {
    static final Limits GIT = new Limits(50, 6_700);
  }

  private Housekeeping() {}

  /** Packs the cache if Git would; the time it took, or empty when there was nothing to do. */
  public static Optional<Duration> tidy(Repository cache) throws IOException {
    return tidy(cache, Limits.GIT);
  }

  static Optional<Duration> tidy(Repository cache, Limits limits) throws IOException {
    if (!(cache instanceof FileRepository repository) || !due(repository, limits)) {
      return Optional.empty();
    }
    GC gc = new GC(repository);
    // The packs just merged go at once (Git keeps them an hour): else they would count towards
    // the limit and every sync of that hour would repack. Only this process reads the cache,
    // and JGit rereads the pack list when a pack it had listed is gone.
    gc.setPackExpire(Instant.now());
    PackConfig pack = new PackConfig(repository);
    pack.setDeltaCompress(false);
    gc.setPackConfig(pack);
    long started = System.nanoTime();
    try {
      gc.gc().get();
      return Optional.of(Duration.ofNanos(System.nanoTime() - started));
    } catch (ParseException | GitAPIException | ExecutionException e) {
      throw new IOException("cannot pack the cache: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * As Git decides: too many packs, or too many loose objects judged by one of the 256 fan-out
   * directories.
   */
  private static boolean due(FileRepository repository, Limits limits) throws IOException {
    if (repository.getObjectDatabase().getPacks().size() > limits.packs()) {
      return true;
    }
    Path sample = repository.getObjectsDirectory().toPath().resolve("17");
    if (!Files.isDirectory(sample)) {
      return false;
    }
    try (Stream<Path> files = Files.list(sample)) {
      return files
              .filter(
                  f -> f.getFileName().toString().length() == Constants.OBJECT_ID_STRING_LENGTH - 2)
              .count()
          > (limits.looseObjects() + 255) / 256;
    }
  }
}
