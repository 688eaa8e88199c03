package io.alloyfleet.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.kube.ArgoApplications;
import io.alloyfleet.kube.KubernetesEvents;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.rollout.Gates;
import io.alloyfleet.rollout.Health;
import io.alloyfleet.rollout.RolloutPlanner;
import io.alloyfleet.source.FleetSource;
import io.alloyfleet.sync.FleetRepo;
import io.alloyfleet.sync.Sync;
import io.alloyfleet.sync.SyncOutcome;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators hear of: real syncs of a real fleet repo with a rollout, Events read back from the
 * Kubernetes test server (CRUD mode), webhook POSTs received by an HTTP server of this test on
 * loopback.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(NotifierTest.Connected.class)
class NotifierTest {

  /** The webhook receiver: every body it was sent, by path. */
  static final HttpServer RECEIVER;

  static final Map<String, List<String>> RECEIVED = new ConcurrentHashMap<>();

  static {
    try {
      RECEIVER = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    RECEIVER.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          RECEIVED
              .computeIfAbsent(
                  exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>())
              .add(body);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    RECEIVER.start();
  }

  public static class Connected implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "alloy-fleet.argocd.enabled", "true",
          "alloy-fleet.argocd.cluster-label", "alloy-fleet.io/cluster",
          "alloy-fleet.events.namespace", "alloy-fleet",
          "alloy-fleet.events.pod-name", "alloy-fleet-5f7c9-x2x4q",
          "alloy-fleet.events.pod-uid", "0c4f3a52-8a1e-4c53-9f4e-0d0b6e2f1a11",
          "alloy-fleet.notify.webhook.url",
              "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/slack",
          "alloy-fleet.notify.status-url", "https://fleet.example.com/",
          "alloy-fleet.notify.commit-url",
              "https://git.example.com/platform/fleet/commit/{commit}");
    }
  }

  static final String ROLLOUT =
      """
      rollout:
        waves:
          - name: canary
            selector: {ring: canary}
          - name: rest
        soak: 0s
        gates: {argocd: false}
        progressDeadline: 30m
      """;

  @KubernetesTestServer KubernetesServer server;
  @Inject RenderPipeline pipeline;
  @Inject Notifier notifier;
  @Inject KubernetesEvents events;
  @TempDir Path dir;

  FleetRepo origin;
  Repository cache;
  Sync sync;
  final Map<String, Health> health = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    RECEIVED.clear();
    notifier.startOver();
    server.getClient().events().v1().events().inNamespace("alloy-fleet").delete();
    origin = FleetRepo.seeded(dir, Path.of("gitops-example")).withoutRollout();
    cache = FleetRepo.emptyCache(dir);
    origin.write("fleet.yaml", Files.readString(origin.work.resolve("fleet.yaml")) + ROLLOUT);
    origin.edit(
        "clusters/payments-prod/cluster.yaml",
        "labels: {region: westeurope}",
        "labels: {region: westeurope, ring: canary}");
    origin.commit("Roll fleet-wide changes out in waves");
    RemoteAccess remote = RemoteAccess.anonymous(origin.url(), dir.resolve("ssh"));
    Gates gates =
        (rollout, branch, clusters) -> {
          Map<String, Health> answer = new TreeMap<>();
          clusters.forEach(c -> answer.put(c.id(), health.getOrDefault(c.id(), Health.HEALTHY)));
          return answer;
        };
    sync =
        new Sync(
            new FleetSource(cache, remote, "main", ""),
            new BranchPublisher(cache, remote, "rendered/{environment}", origin.url()),
            pipeline,
            Duration.ofMillis(5),
            gates,
            Clock.systemUTC());
    synced();
    server
        .getClient()
        .genericKubernetesResources(ArgoApplications.APPLICATION)
        .inNamespace("argocd")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Application")
                .withNewMetadata()
                .withName("alloy-payments-prod")
                .withNamespace("argocd")
                .addToLabels("alloy-fleet.io/cluster", "payments-prod")
                .endMetadata()
                .build())
        .createOr(r -> r.update());
  }

  @AfterEach
  void tearDown() {
    server
        .getClient()
        .genericKubernetesResources(ArgoApplications.APPLICATION)
        .inNamespace("argocd")
        .delete();
    origin.close();
    cache.close();
  }

  /** Runs a sync and tells the notifier about it, as the loop does. */
  SyncOutcome synced() throws Exception {
    SyncOutcome outcome = sync.run();
    notifier.notify(outcome, Optional.of(sync.rollouts().last()), origin.url());
    return outcome;
  }

  void changeScrapeInterval(String to) throws Exception {
    String fleet = Files.readString(origin.work.resolve("fleet.yaml"));
    origin.write("fleet.yaml", fleet.replaceFirst("scrapeInterval: \\w+", "scrapeInterval: " + to));
    origin.commit("Scrape every " + to);
  }

  List<Event> events(String reason) {
    return server
        .getClient()
        .events()
        .v1()
        .events()
        .inNamespace("alloy-fleet")
        .list()
        .getItems()
        .stream()
        .filter(e -> e.getReason().equals(reason))
        .toList();
  }

  /** A rollout's Events in production (development has the same rollout). */
  List<Event> production(String reason) {
    return events(reason).stream().filter(e -> e.getNote().contains(" in production")).toList();
  }

  /** What the webhook received about production. */
  List<JsonNode> posts() {
    return RECEIVED.getOrDefault("/slack", List.of()).stream()
        .map(NotifierTest::json)
        .filter(j -> j.path("environment").asText().equals("production"))
        .toList();
  }

  static JsonNode json(String body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aHaltIsAWarningAboutTheControllerAndTheClustersApplicationAndAWebhookPost()
      throws Exception {
    changeScrapeInterval("45s");
    synced();
    String target = origin.tip("main").name();
    Event started = production("RolloutStarted").get(0);
    assertThat(started.getType()).isEqualTo("Normal");
    assertThat(started.getAction()).isEqualTo("Start");
    assertThat(started.getNote()).contains("in production: started: wave 1/2 \"canary\"");
    assertThat(started.getRegarding().getKind()).isEqualTo("Pod");
    assertThat(started.getRegarding().getName()).isEqualTo("alloy-fleet-5f7c9-x2x4q");
    assertThat(started.getRegarding().getUid()).isEqualTo("0c4f3a52-8a1e-4c53-9f4e-0d0b6e2f1a11");
    assertThat(started.getReportingController()).isEqualTo("alloy-fleet");
    assertThat(started.getReportingInstance()).isEqualTo("alloy-fleet-alloy-fleet-5f7c9-x2x4q");
    assertThat(started.getEventTime()).isNotNull();
    assertThat(posts()).as("a start is not sent to the webhooks").isEmpty();

    health.put("payments-prod", new Health.Unhealthy("Prometheus: a sample of the query is 0"));
    synced();
    List<Event> halts = production("RolloutHalted");
    assertThat(halts).hasSize(2);
    assertThat(halts).allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertThat(halts)
        .extracting(e -> e.getRegarding().getKind() + "/" + e.getRegarding().getName())
        .containsExactlyInAnyOrder(
            "Pod/alloy-fleet-5f7c9-x2x4q", "Application/alloy-payments-prod");
    assertThat(halts.get(0).getNote())
        .contains("halted")
        .contains("payments-prod (Prometheus: a sample of the query is 0)");
    assertThat(halts)
        .allSatisfy(e -> assertThat(e.getMetadata().getNamespace()).isEqualTo("alloy-fleet"));

    await().atMost(Duration.ofSeconds(10)).until(() -> posts().size() == 1);
    JsonNode post = posts().get(0);
    assertThat(post.path("kind").asText()).isEqualTo("rollout-halted");
    assertThat(post.path("environment").asText()).isEqualTo("production");
    assertThat(post.path("clusters").get(0).asText()).isEqualTo("payments-prod");
    assertThat(post.path("rollout").path("commit").asText()).isEqualTo(target);
    assertThat(post.path("rollout").path("wave").asText()).isEqualTo("canary");
    assertThat(post.path("reason").asText()).contains("payments-prod");
    assertThat(post.path("links").path("status").asText()).isEqualTo("https://fleet.example.com/");
    assertThat(post.path("links").path("commit").asText())
        .isEqualTo("https://git.example.com/platform/fleet/commit/" + target);
    assertThat(post.path("text").asText())
        .startsWith("Alloy Fleet: Rollout of " + target.substring(0, 7) + " in production: halted")
        .contains("<https://fleet.example.com/|status>");

    sync.rollouts().request("production", RolloutPlanner.Action.ABORT);
    synced();
    assertThat(production("RolloutAborted")).hasSize(1);
    assertThat(production("RolloutAborted").get(0).getType()).isEqualTo("Warning");
  }

  @Test
  void aWaveThatAdvancesAndACompletionAreEventsAndTheCompletionAPost() throws Exception {
    changeScrapeInterval("45s");
    synced(); // started
    synced(); // canary healthy: the next wave
    assertThat(production("WaveAdvanced")).hasSize(1);
    assertThat(production("WaveAdvanced").get(0).getNote()).contains("wave 2/2 \"rest\"");
    synced(); // complete
    assertThat(production("RolloutCompleted")).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> posts().size() == 1);
    assertThat(posts().get(0).path("kind").asText()).isEqualTo("rollout-completed");
    assertThat(posts().get(0).path("text").asText()).contains("in production: complete");
  }

  @Test
  void aClusterThatBecameInvalidIsAWarningAboutItsApplicationOnce() throws Exception {
    origin.edit("clusters/payments-prod/cluster.yaml", "scope: namespace", "scope: galaxy");
    origin.commit("A typo");
    synced();
    List<Event> invalid = events("ClusterInvalid");
    assertThat(invalid).hasSize(1);
    assertThat(invalid.get(0).getRegarding().getKind()).isEqualTo("Application");
    assertThat(invalid.get(0).getRegarding().getNamespace()).isEqualTo("argocd");
    assertThat(invalid.get(0).getNote())
        .contains("clusters/payments-prod/cluster.yaml")
        .contains("rbac.scope");
    await().atMost(Duration.ofSeconds(10)).until(() -> posts().size() == 1);
    assertThat(posts().get(0).path("kind").asText()).isEqualTo("cluster-invalid");
    assertThat(posts().get(0).path("clusters").get(0).asText()).isEqualTo("payments-prod");

    origin.write("clusters/payments-prod/README.md", "still broken\n");
    origin.commit("Still a typo");
    synced();
    assertThat(events("ClusterInvalid")).as("still invalid: not news").hasSize(1);
  }

  @Test
  void aFailedSyncIsAWarningOnceWhileItFailsTheSameWay() {
    SyncOutcome.Failed failed =
        new SyncOutcome.Failed(SyncOutcome.Stage.SOURCE, "connection refused");
    notifier.notify(failed, Optional.empty(), "");
    notifier.notify(failed, Optional.empty(), "");
    List<Event> failures = events("SyncFailed");
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).getType()).isEqualTo("Warning");
    assertThat(failures.get(0).getNote()).isEqualTo("Sync failed at source: connection refused");
    assertThat(posts()).as("failures are for Events and metrics, not chat").isEmpty();
  }

  @Test
  void theSameEventAgainIsCountedOnTheFirst() {
    var event =
        new io.alloyfleet.kube.ControllerEvent(
            io.alloyfleet.kube.ControllerEvent.CONTROLLER, true, "SyncFailed", "Sync", "the same");
    assertThat(events.post(event)).isTrue();
    assertThat(events.post(event)).isTrue();
    List<Event> written = events("SyncFailed");
    assertThat(written).hasSize(1);
    assertThat(written.get(0).getSeries().getCount()).isEqualTo(2);
    assertThat(written.get(0).getSeries().getLastObservedTime()).isNotNull();
  }
}
