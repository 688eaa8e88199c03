package io.alloyfleet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.MemoryFiles;
import io.alloyfleet.render.RenderedCluster;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * What Alloy refuses at load (a receiver of the wrong kind, a regex RE2 does not compile, an
 * unknown enum value, a Validate() rule) is reported at the line of the file the team wrote: its
 * customConfig inside cluster.yaml, or its own *.alloy file. The cluster is refused, its neighbour
 * still renders.
 */
@QuarkusTest
class LoadChecksAtTheTeamsLineTest {

  static final String FLEET = "endpoints:\n  otlp:\n    url: https://otlp.example.com:4317\n";
  static final String CLUSTER =
      "cluster:\n  environment: prod\nmonitoring:\n  namespaces: [apps]\n";

  @Inject RenderPipeline pipeline;

  @Test
  void loadErrorsPointAtTheTeamsCustomConfigAndAlloyFiles() {
    MemoryFiles files =
        new MemoryFiles()
            .with("fleet.yaml", FLEET)
            .with("clusters/neighbour/cluster.yaml", CLUSTER)
            .with(
                "clusters/team/cluster.yaml",
                CLUSTER
                    + """
                    customConfig: |
                      loki.write "team" {
                        endpoint {
                          url = "https://loki.example.com/loki/api/v1/push"
                        }
                      }
                      prometheus.scrape "team" {
                        targets    = []
                        forward_to = [loki.write.team.receiver]
                      }
                    """)
            .with(
                "clusters/team/relabel.alloy",
                """
                discovery.relabel "team" {
                  targets = []
                  rule {
                    source_labels = ["__meta_kubernetes_pod_name"]
                    regex         = "(?!tmp).*"
                    action        = "kep"
                  }
                }
                """);
    FleetRender render = pipeline.render(files);
    assertThat(render.rendered()).extracting(RenderedCluster::id).contains("neighbour");
    assertThat(render.invalid().stream().flatMap(i -> i.problems().stream()).map(Problem::format))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("clusters/team/cluster.yaml:13:19: error: customConfig:")
                    .contains("expected capsule(\"storage.Appendable\"), got"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("clusters/team/relabel.alloy:5:5: error:")
                    .contains("error parsing regexp: invalid or unsupported Perl syntax: `(?!`"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("clusters/team/relabel.alloy:6:5: error:")
                    .contains("unrecognized action type \"kep\" (did you mean \"keep\"?)"));
  }

  @Test
  void aComponentDeclaredInTwoFilesNamesTheFileThatDeclaredItFirst() {
    String writer =
        """
        loki.write "team" {
          endpoint {
            url = "https://loki.example.com/loki/api/v1/push"
          }
        }
        """;
    MemoryFiles files =
        new MemoryFiles()
            .with("fleet.yaml", FLEET)
            .with("clusters/team/cluster.yaml", CLUSTER)
            .with("clusters/team/a.alloy", writer)
            .with("clusters/team/b.alloy", "\n" + writer);
    FleetRender render = pipeline.render(files);
    assertThat(render.invalid().stream().flatMap(i -> i.problems().stream()).map(Problem::format))
        .contains(
            "clusters/team/b.alloy:2:1: error: component loki.write \"team\" is declared twice"
                + " (first at clusters/team/a.alloy:1)");
  }
}
