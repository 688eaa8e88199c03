package io.alloyfleet.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.alloyfleet.fleet.Fleet;
import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.preview.PreviewBuilder;
import io.alloyfleet.render.ClusterRenderer;
import io.alloyfleet.render.EnvironmentRenderer;
import io.alloyfleet.source.FleetSource;
import io.alloyfleet.sync.FleetRepo;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preview whose build dies (here a StackOverflowError planted in the pipeline) posts a failing
 * status on the pull request: once, it died with no status and the pull request kept the last one.
 */
@QuarkusTest
class PreviewFaultTest {

  @Inject ClusterRenderer clusters;
  @Inject EnvironmentRenderer environments;

  @TempDir Path dir;
  FleetRepo origin;
  Repository cache;
  WireMockServer github;

  @BeforeEach
  void setUp() throws Exception {
    origin = FleetRepo.seeded(dir, Path.of("gitops-example"));
    cache = FleetRepo.emptyCache(dir);
    github = new WireMockServer(options().dynamicPort());
    github.start();
  }

  @AfterEach
  void tearDown() {
    github.stop();
    origin.close();
    cache.close();
  }

  @Test
  void aPreviewThatDiesPostsAFailingStatus() throws Exception {
    origin.edit("clusters/edge-small/cluster.yaml", "scrapeInterval: 60s", "scrapeInterval: 61s");
    ObjectId head = origin.propose("refs/pull/7/head", "A change");
    github.stubFor(
        post(urlEqualTo("/repos/acme/fleet/statuses/" + head.name()))
            .willReturn(aResponse().withStatus(201)));
    RenderPipeline dying =
        new RenderPipeline(clusters, environments) {
          @Override
          public Fleet load(FleetFiles files) {
            throw new StackOverflowError();
          }
        };
    GitHostReporter reporter =
        new GitHostReporter(
            GitHostReporter.Host.GITHUB, URI.create(github.baseUrl()), "acme/fleet", () -> "t");
    PreviewJob job =
        new PreviewJob(
            io.alloyfleet.sync.SourceView.of(
                new FleetSource(
                    cache, RemoteAccess.anonymous(origin.url(), dir.resolve("ssh")), "main", "")),
            "",
            new PreviewBuilder(dying, 10),
            Optional.of(reporter),
            Optional.of("https://fleet.example.com"));

    PullRequestPreview preview =
        job.run(new PullRequest(7, head.name(), "main", "refs/pull/7/head"));

    assertThat(preview.error()).contains("an internal error");
    github.verify(
        postRequestedFor(urlEqualTo("/repos/acme/fleet/statuses/" + head.name()))
            .withRequestBody(matchingJsonPath("$.state", equalToState("failure"))));
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern equalToState(
      String state) {
    return com.github.tomakehurst.wiremock.client.WireMock.equalTo(state);
  }
}
