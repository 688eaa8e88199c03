package io.alloyfleet.sync;

import java.util.List;

/** What a sync's trace says of it: the source commit, the result, the counts, the environments. */
final class SyncTrace {

  private SyncTrace() {}

  static SyncOutcome ended(Traces.Stage trace, SyncOutcome outcome) {
    trace.set("alloy_fleet.result", SyncResult.of(outcome).label());
    switch (outcome) {
      case SyncOutcome.SourceUnchanged u -> trace.set("alloy_fleet.source.commit", u.commit().id());
      case SyncOutcome.Synced s -> {
        trace
            .set("alloy_fleet.source.commit", s.commit().id())
            .set("alloy_fleet.clusters.rendered", s.render().rendered().size())
            .set("alloy_fleet.clusters.unchanged", s.render().unchanged().size())
            .set("alloy_fleet.clusters.invalid", s.render().invalid().size())
            .set("alloy_fleet.commits", s.commits().size())
            .set("alloy_fleet.environments", List.copyOf(s.commits().keySet()));
      }
      case SyncOutcome.Failed f ->
          trace.set("alloy_fleet.failed.stage", f.stage().label()).failed(f.error());
    }
    return outcome;
  }
}
