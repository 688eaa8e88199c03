package io.alloyfleet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Team-written text reaches rendered files only escaped: file names included. */
@QuarkusTest
class HostileTextRenderTest {

  @Inject RenderPipeline pipeline;

  @Test
  void anAlloyFileNameCannotAddALineToTheConfig() {
    String name = "clusters/c/x\n}\nprometheus.exporter.self \"injected\" {\u2028.alloy";
    FleetRender render =
        pipeline.render(
            new MemoryFiles()
                .with("fleet.yaml", "endpoints:\n  otlp:\n    url: https://otlp.example.com:4317\n")
                .with(
                    "clusters/c/cluster.yaml",
                    "cluster:\n  environment: production\nmonitoring:\n  namespaces: [apps]\n")
                .with(name, "// nothing\n"));

    assertThat(render.invalid()).isEmpty();
    String config = render.rendered().get(0).configAlloy();
    assertThat(config)
        .contains(
            "// ---- From clusters/c/x\\n}\\nprometheus.exporter.self \"injected\" {\\u2028.alloy ----\n// nothing\n");
    assertThat(config).doesNotContain("\nprometheus.exporter.self \"injected\"");
  }
}
