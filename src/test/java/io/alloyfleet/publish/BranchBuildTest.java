package io.alloyfleet.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.source.SourceCommit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/** The pure step of a publish: which branches a render builds and what their commits say. */
class BranchBuildTest {

  static final ObjectId TIP = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");

  static RenderedBranch read(String environment) {
    return new RenderedBranch(
        environment,
        "rendered/" + environment,
        Optional.of(TIP),
        new TreeMap<>(),
        Map.of(),
        Map.of());
  }

  @Test
  void buildsEveryBranchReadAndEveryEnvironmentRenderedButCreatesNoEmptyBranch() {
    Destination state = new Destination(Map.of("production", read("production")));

    List<BranchBuild.Target> targets =
        BranchBuild.targets(
            Map.of("staging", Set.of("edge-staging")),
            Map.of("production", Set.of("payments-prod"), "qa", Set.of("edge-qa")),
            Set.of("broken-prod"),
            state,
            env -> "rendered/" + env);

    assertThat(targets)
        .extracting(BranchBuild.Target::environment)
        .as("qa has no branch and nothing rendered: no branch is created for it")
        .containsExactly("production", "staging");
    BranchBuild.Target production = targets.get(0);
    assertThat(production.branch().tip()).contains(TIP);
    assertThat(production.rendered()).isEmpty();
    assertThat(production.keeps("payments-prod")).as("unchanged keeps its directory").isTrue();
    assertThat(production.keeps("broken-prod")).as("invalid keeps its directory").isTrue();
    assertThat(production.keeps("edge-qa")).as("unchanged elsewhere").isFalse();
    BranchBuild.Target staging = targets.get(1);
    assertThat(staging.branch().name()).isEqualTo("rendered/staging");
    assertThat(staging.branch().tip()).as("a new branch").isEmpty();
    assertThat(staging.rendered()).containsExactly("edge-staging");
  }

  @Test
  void aCommitMessageNamesTheSourceTheRolloutAndTheClustersChanged() {
    SourceCommit source =
        new SourceCommit(
            "89abcdef0123456789abcdef0123456789abcdef",
            "Scrape less often",
            "Ada Fleet",
            "ada@example.com",
            Instant.parse("2026-01-02T03:04:05Z"));

    assertThat(
            BranchBuild.message(
                source,
                "https://git.example.com/fleet.git",
                List.of("edge-small", "ingest-prod"),
                Optional.of("Rollout of 89abcde in production: wave canary started")))
        .isEqualTo(
            """
            Render 89abcde: Scrape less often

            Rollout of 89abcde in production: wave canary started

            Clusters changed:
            - edge-small
            - ingest-prod

            Source: https://git.example.com/fleet.git 89abcdef0123456789abcdef0123456789abcdef

            Co-authored-by: Ada Fleet <ada@example.com>
            """);
    assertThat(BranchBuild.message(source, "u", List.of(), Optional.empty()))
        .isEqualTo(
            "Render 89abcde: Scrape less often\n\nSource: u"
                + " 89abcdef0123456789abcdef0123456789abcdef\n\n"
                + "Co-authored-by: Ada Fleet <ada@example.com>\n");
  }
}
