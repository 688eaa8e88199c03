package io.alloyfleet.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.util.FileUtils;
import org.jboss.logging.Logger;

/**
 * The local bare repo that caches the source and the rendered branches, and how JGit treats it. It
 * holds nothing that cannot be fetched again, so an unreadable one is created anew.
 */
public final class LocalCache {

  private static final Logger LOG = Logger.getLogger(LocalCache.class);
  static final long MAX_WINDOWS = 256L << 20;
  private static boolean windowCacheSized;

  private LocalCache() {}

  /** Opens the cache at {@code path}, or creates it when it is missing or unreadable. */
  public static Repository open(Path path) throws IOException, GitAPIException {
    sizeWindowCache();
    Optional<Repository> existing = readable(path);
    Repository cache;
    if (existing.isPresent()) {
      cache = existing.get();
    } else {
      FileUtils.delete(path.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
      cache = Git.init().setBare(true).setDirectory(path.toFile()).call().getRepository();
    }
    configure(cache);
    return cache;
  }

  private static Optional<Repository> readable(Path path) {
    if (!Files.isDirectory(path)) {
      return Optional.empty();
    }
    try {
      Repository existing = Git.open(path.toFile()).getRepository();
      existing.getRefDatabase().getRefs();
      if (existing.getObjectDatabase().exists()) {
        return Optional.of(existing);
      }
      existing.close();
    } catch (Exception e) {
      LOG.warnf("The local cache %s is unreadable (%s): cloning again", path, e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Two settings of the cache's own config:
   *
   * <ul>
   *   <li>JGit packs a repository after every fetch that leaves it past Git's limits, in a
   *       background thread and with a full delta search: seconds of both cores at 10,000 clusters,
   *       in the middle of the next sync. {@link Housekeeping} packs the cache between syncs
   *       instead ({@code gc.auto} and {@code gc.autoPackLimit} 0).
   *   <li>Objects are compressed at zlib's fastest level, as C Git compresses loose objects ({@code
   *       core.compression} 1; JGit's default is 6): a one-cluster change at 10,000 clusters
   *       rewrites a 150 KB root tree per branch it changes.
   * </ul>
   */
  private static void configure(Repository cache) throws IOException {
    StoredConfig config = cache.getConfig();
    config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
    config.setInt(
        ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOPACKLIMIT, 0);
    config.setInt(
        ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_COMPRESSION, 1);
    config.save();
  }

  /**
   * How much of the cache's packs JGit keeps in memory (process-wide). Its default, 10 MB in 8 KB
   * windows, is smaller than the cache of a large fleet (55 MB at 10,000 clusters): every push
   * walks the old tips' trees, and with a cache that small each of their subtrees is read from disk
   * again (25 ms of a one-cluster change's push at 10,000 clusters). A quarter of the heap, at most
   * 256 MB, keeps them in memory; the windows are softly held, so the heap takes them back when it
   * needs the room. Windows of 64 KB keep the cache's table small (JGit scans it whenever a
   * repository is closed).
   */
  static synchronized void sizeWindowCache() {
    if (windowCacheSized) {
      return; // process-wide: installing it again would drop every window read so far
    }
    windowCacheSized = true;
    WindowCacheConfig config = new WindowCacheConfig();
    config.setPackedGitLimit(windowLimit(Runtime.getRuntime().maxMemory()));
    config.setPackedGitWindowSize(64 << 10);
    config.install();
  }

  /** A quarter of the heap, at most {@link #MAX_WINDOWS}, never below JGit's default. */
  static long windowLimit(long maxHeap) {
    return Math.max(
        new WindowCacheConfig().getPackedGitLimit(), Math.min(MAX_WINDOWS, maxHeap / 4));
  }
}
