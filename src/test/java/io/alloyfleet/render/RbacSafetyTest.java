package io.alloyfleet.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * Rendered RBAC is least privilege: excluded resources never granted, namespace scope never
 * cluster-wide.
 */
class RbacSafetyTest {

  @Test
  void excludedSecretsAreNeverGrantedAndNamespaceScopeNeverMakesAClusterRole() throws Exception {
    int checked = 0;
    for (GoldenRenderTest.Case c : GoldenRenderTest.cases()) {
      SortedMap<String, String> files = GoldenRenderTest.read(c.expected());
      for (var file : files.entrySet()) {
        if (!file.getKey().endsWith("/rbac.yaml")) {
          continue;
        }
        String rbac = file.getValue();
        if (c.name().equals("gitops-example")) {
          assertThat(rbac)
              .as(file.getKey() + " (fleet.yaml excludes secrets)")
              .doesNotContain("\"secrets\"");
        }
        if (rbac.contains("kind: Role\n")) {
          assertThat(rbac).as(file.getKey()).doesNotContain("ClusterRole");
        }
        if (rbac.contains("ClusterRole")) {
          assertThat(rbac).as(file.getKey()).doesNotContain("kind: Role\n");
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(10);
  }
}
