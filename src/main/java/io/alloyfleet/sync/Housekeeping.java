package io.alloyfleet.sync;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * {@code git gc --auto} for the local cache. Every fetch of a changed source adds a pack and
 * every small push a few loose objects; past Git's own limits (50 packs or 6,700 loose
 * objects, {@code gc.autoPackLimit} and {@code gc.auto}) they are packed into one, so object
 * lookups stay fast after months of syncs. Deltas are not searched: the cache is never sent
 * anywhere, and a repack then copies objects instead of comparing them.
 */
final class Housekeeping {

  private Housekeeping() {}

  /** Packs the cache if Git would; the time it took, or empty when there was nothing to do. */
  static Optional<Duration> tidy(Repository cache) throws IOException {
    if (!(cache instanceof FileRepository repository)) {
      return Optional.empty();
    }
    GC gc = new GC(repository);
    gc.setAuto(true);
    // The packs just merged go at once (Git keeps them an hour): else they would count towards
    // the limit and every sync of that hour would repack. Only this process reads the cache,
    // and JGit rereads the pack list when a pack it had listed is gone.
    gc.setPackExpire(Instant.now());
    PackConfig pack = new PackConfig(repository);
    pack.setDeltaCompress(false);
    gc.setPackConfig(pack);
    long started = System.nanoTime();
    try {
      return gc.gc().get().isEmpty() ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - started));
    } catch (ParseException | GitAPIException | ExecutionException e) {
      throw new IOException("cannot pack the cache: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
