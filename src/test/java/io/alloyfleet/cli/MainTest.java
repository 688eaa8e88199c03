package io.alloyfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.render.RendererVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The answers the CLI gives without starting Quarkus. */
class MainTest {

  @Test
  void versionAndHelpNeedNoApplication() {
    StringWriter version = new StringWriter();
    assertThat(Main.withoutQuarkus(new String[] {"--version"}, new PrintWriter(version, true)))
        .isZero();
    assertThat(version.toString()).isEqualTo("alloy-fleet " + RendererVersion.VERSION + "\n");
    StringWriter help = new StringWriter();
    assertThat(Main.withoutQuarkus(new String[] {"--help"}, new PrintWriter(help, true))).isZero();
    assertThat(help.toString())
        .contains("render")
        .contains("validate")
        .contains("check-alloy")
        .doesNotContain("aot-training");
  }
}
