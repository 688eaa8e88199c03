package io.alloyfleet.fleet.values;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Key paths as problems name them: the section a problem is in, the keys a lock walks. */
class KeyPathTest {

  @Test
  void theSectionIsTheFirstKeyWithoutItsIndex() {
    assertThat(KeyPath.of("rbac.additionalRules[0].verbs").section()).isEqualTo("rbac");
    assertThat(KeyPath.of("extraObjects[2]").section()).isEqualTo("extraObjects");
    assertThat(KeyPath.of("customConfig").section()).isEqualTo("customConfig");
    assertThat(KeyPath.of("").section()).isEmpty();
  }

  @Test
  void everyDotSeparatesTwoKeys() {
    assertThat(KeyPath.of("cluster.labels.ring").keys())
        .containsExactly("cluster", "labels", "ring");
    assertThat(KeyPath.of("metrics.").keys()).containsExactly("metrics", "");
    assertThat(KeyPath.of("cluster.labels.ring").prefix(2)).isEqualTo(KeyPath.of("cluster.labels"));
  }
}
