package io.alloyfleet.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two replicas, one Lease: one writes; when it goes away, the other takes over. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class LeadershipTest {

  @KubernetesTestServer KubernetesServer server;

  static final Leadership.Timing FAST =
      new Leadership.Timing(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200));

  static final class Replica {
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger stopped = new AtomicInteger();

    /** The leader this replica last saw: proof that it tried the lease, whoever won. */
    final java.util.concurrent.atomic.AtomicReference<String> seen =
        new java.util.concurrent.atomic.AtomicReference<>();

    final Leadership leadership;

    Replica(KubernetesClient client, String name) {
      this(client, name, "alloy-fleet");
    }

    Replica(KubernetesClient client, String name, String lease) {
      leadership =
          new Leadership(
              client,
              "fleet",
              lease,
              name,
              FAST,
              started::incrementAndGet,
              stopped::incrementAndGet,
              seen::set);
    }
  }

  @Test
  void oneReplicaLeadsAndTheOtherTakesOverWhenItGoesAway() {
    KubernetesClient client = server.getClient();
    Replica a = new Replica(client, "replica-a");
    Replica b = new Replica(client, "replica-b");
    a.leadership.start();
    await().atMost(Duration.ofSeconds(20)).until(a.leadership::leading);
    b.leadership.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> "replica-a".equals(b.seen.get()));
    assertThat(b.leadership.leading()).isFalse();
    assertThat(b.started.get()).isZero();
    Lease lease = client.leases().inNamespace("fleet").withName("alloy-fleet").get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");

    a.leadership.close();
    assertThat(a.stopped.get()).isEqualTo(1);
    assertThat(a.leadership.leading()).isFalse();
    await().atMost(Duration.ofSeconds(20)).until(b.leadership::leading);
    assertThat(
            client
                .leases()
                .inNamespace("fleet")
                .withName("alloy-fleet")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("replica-b");
    b.leadership.close();
  }

  @Test
  void withOneLeasePerEnvironmentReplicasShareTheWorkAndTakeOverEachOthersEnvironments() {
    KubernetesClient client = server.getClient();
    Replica aProduction = new Replica(client, "replica-a", "alloy-fleet-production");
    Replica aStaging = new Replica(client, "replica-a", "alloy-fleet-staging");
    Replica bProduction = new Replica(client, "replica-b", "alloy-fleet-production");
    Replica bStaging = new Replica(client, "replica-b", "alloy-fleet-staging");
    aProduction.leadership.start();
    bStaging.leadership.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> aProduction.leadership.leading() && bStaging.leadership.leading());
    aStaging.leadership.start();
    bProduction.leadership.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "replica-b".equals(aStaging.seen.get())
                    && "replica-a".equals(bProduction.seen.get()));
    assertThat(aStaging.leadership.leading()).isFalse();
    assertThat(bProduction.leadership.leading()).isFalse();

    aProduction.leadership.close();
    aStaging.leadership.close();
    await().atMost(Duration.ofSeconds(20)).until(bProduction.leadership::leading);
    assertThat(bStaging.leadership.leading()).isTrue();
    bProduction.leadership.close();
    bStaging.leadership.close();
  }
}
