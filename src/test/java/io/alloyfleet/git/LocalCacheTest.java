package io.alloyfleet.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache repo's settings: JGit never packs it behind a sync's back, and its packs fit in memory.
 */
class LocalCacheTest {

  @TempDir Path dir;

  @Test
  void jgitsOwnPackingAfterAFetchIsOffSoOnlyHousekeepingPacksTheCache() throws Exception {
    try (Repository cache = LocalCache.open(dir.resolve("cache.git"))) {
      assertThat(cache.getConfig().getInt("gc", "auto", -1)).isZero();
      assertThat(cache.getConfig().getInt("gc", "autopacklimit", -1)).isZero();
      assertThat(cache.getConfig().getInt("core", "compression", -1)).isEqualTo(1);
    }
    try (Repository again = LocalCache.open(dir.resolve("cache.git"))) {
      assertThat(again.getConfig().getInt("gc", "auto", -1))
          .as("kept when the cache is opened again")
          .isZero();
      assertThat(again.getObjectDatabase().exists()).isTrue();
    }
  }

  @Test
  void packWindowsTakeAQuarterOfTheHeapBetweenJgitsDefaultAnd256Mb() {
    long mb = 1L << 20;
    assertThat(LocalCache.windowLimit(384 * mb)).isEqualTo(96 * mb);
    assertThat(LocalCache.windowLimit(8192 * mb)).isEqualTo(256 * mb);
    assertThat(LocalCache.windowLimit(16 * mb)).isEqualTo(10 * mb);
  }
}
