package io.alloyfleet.preview;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pull-request comment: fleet text cannot break out of it, and it fits the host. */
class MarkdownReportTest {

  static Preview preview(List<Preview.Cluster> clusters) {
    int invalid = (int) clusters.stream().filter(c -> c.change().equals("invalid")).count();
    return new Preview(
        "a".repeat(40),
        "b".repeat(40),
        new Preview.Summary(clusters.size(), invalid, 3),
        clusters,
        List.of());
  }

  @Test
  void fleetTextIsEscapedAndFencedBeyondItsOwnBackticks() {
    String diff = "--- a/x/config.alloy\n+++ b/x/config.alloy\n+// ```\n+// </details><script>\n";
    String text =
        MarkdownReport.of(
            preview(
                List.of(
                    new Preview.Cluster("x", "production", "changed", 2, 0, diff, List.of()),
                    new Preview.Cluster(
                        "y",
                        "production",
                        "invalid",
                        0,
                        0,
                        "",
                        List.of(
                            new Preview.Problem(
                                "clusters/y/cluster.yaml",
                                3,
                                5,
                                "tenant.id",
                                "\"<b>|`x`\" is bad"))))),
            Optional.empty());
    assertThat(text).startsWith(MarkdownReport.MARKER).contains("2 clusters change, 1 invalid");
    assertThat(text).contains("````diff\n" + diff + "````\n");
    assertThat(text).contains("clusters/y/cluster.yaml:3:5: tenant.id: \"<b>|`x`\" is bad");
    assertThat(MarkdownReport.escape("a|b<c>`d`*")).isEqualTo("a\\|b&lt;c&gt;\\`d\\`\\*");
  }

  @Test
  void aCommentOverTheLimitIsCutWithALinkToTheWhole() {
    List<Preview.Cluster> clusters = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      clusters.add(
          new Preview.Cluster(
              "c" + i, "production", "changed", 2000, 0, "+line\n".repeat(2000), List.of()));
    }
    String text =
        MarkdownReport.of(
            preview(clusters), Optional.of("https://fleet.example.com/api/previews/7"));
    assertThat(text.length()).isLessThanOrEqualTo(MarkdownReport.MAX_LENGTH + 200);
    assertThat(text)
        .contains("more cluster diff(s)")
        .contains("(https://fleet.example.com/api/previews/7)")
        .contains("| production | c39 | changed |");
  }

  @Test
  void fourThousandUnknownKeysStayUnderTheLimitWithCountsAndTheLink() {
    List<Preview.Problem> problems = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      problems.add(
          new Preview.Problem(
              "clusters/y/cluster.yaml",
              i + 1,
              1,
              "unknownKey" + "x".repeat(200) + i,
              "unknown key\n  hint: known keys here: " + "cluster, tenant, agent, ".repeat(10)));
    }
    List<Preview.Cluster> clusters = new ArrayList<>();
    clusters.add(new Preview.Cluster("y", "production", "invalid", 0, 0, "", problems));
    for (int i = 0; i < 3000; i++) {
      clusters.add(
          new Preview.Cluster("c" + i, "production", "changed", 1, 0, "+line\n", List.of()));
    }
    String text =
        MarkdownReport.of(
            new Preview(
                "a".repeat(40),
                "b".repeat(40),
                new Preview.Summary(3001, 1, 0),
                clusters,
                List.of(
                    new Preview.Rollout(
                        "production",
                        List.of(
                            new Preview.Wave(
                                "rest", clusters.stream().map(Preview.Cluster::id).toList())),
                        new java.util.TreeMap<>()))),
            Optional.of("https://fleet.example.com/api/previews/7"));

    assertThat(text.length()).isLessThanOrEqualTo(MarkdownReport.MAX_LENGTH);
    assertThat(text)
        .startsWith(MarkdownReport.MARKER)
        .containsPattern("_\\d+ of 4000 problem\\(s\\) shown; \\d+ more in \\[the full preview\\]")
        .contains("(https://fleet.example.com/api/previews/7)")
        .contains("and 2901 more cluster(s)")
        .contains(" and 2981 more)");
  }
}
