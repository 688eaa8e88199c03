package io.alloyfleet.ops;

import io.alloyfleet.sync.FleetSettings;
import io.alloyfleet.sync.SyncOutcome;
import io.alloyfleet.sync.SyncView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Liveness: the process can sync. Readiness: a first sync was attempted and the source answered
 * recently.
 */
public final class Health {

  private Health() {}

  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.named("alloy-fleet").up().build();
    }
  }

  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    private final SyncView loop;
    private final FleetSettings settings;

    public Ready(SyncView loop, FleetSettings settings) {
      this.loop = loop;
      this.settings = settings;
    }

    @Override
    public HealthCheckResponse call() {
      var builder = HealthCheckResponse.named("alloy-fleet-sync").withData("leader", loop.leader());
      if (loop.startFailure().isPresent()) {
        return builder
            .down()
            .withData("reason", "the controller could not start: " + loop.startFailure().get())
            .build();
      }
      if (!settings.controllerEnabled() || !loop.leader()) {
        return builder.up().withData("syncing", false).build();
      }
      var last = loop.lastSync();
      if (last.isEmpty()) {
        return builder.down().withData("reason", "first sync not attempted yet").build();
      }
      Duration window = settings.pollInterval().multipliedBy(3).plusSeconds(30);
      boolean recent =
          loop.lastSourceContact().map(t -> t.isAfter(Instant.now().minus(window))).orElse(false);
      builder.withData("lastSync", last.get().time().toString());
      if (last.get().outcome() instanceof SyncOutcome.Failed f
          && f.stage() == SyncOutcome.Stage.AUTHENTICATION) {
        // Waiting will not help: say so at once, so the rollout or the alert points at the
        // credentials.
        return builder.down().withData("reason", f.error()).build();
      }
      if (last.get().outcome() instanceof SyncOutcome.Failed f
          && f.stage() == SyncOutcome.Stage.INTERNAL) {
        // A fault of the controller: no branch moves until it is fixed, so say so at once.
        return builder.down().withData("reason", "the last sync failed: " + f.error()).build();
      }
      var running = loop.runningSince();
      if (running.isPresent() && running.get().isBefore(Instant.now().minus(window))) {
        return builder
            .down()
            .withData("reason", "a sync has been running since " + running.get())
            .build();
      }
      if (last.get().outcome() instanceof SyncOutcome.Failed f && !recent) {
        return builder
            .down()
            .withData("reason", "source not reached within " + window + ": " + f.error())
            .build();
      }
      return builder.up().build();
    }
  }
}
