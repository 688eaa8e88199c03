package io.alloyfleet.fleet;

import io.alloyfleet.diagnostics.Problem;
import java.util.List;
import java.util.Optional;

/** What the fleet says about one cluster: ready to render, or the problems that stop it. */
public sealed interface ClusterOutcome {

  String id();

  /** The environment, when it could be read even though other values are wrong. */
  Optional<String> environment();

  record Valid(ClusterSpec spec) implements ClusterOutcome {
    @Override
    public String id() {
      return spec.id();
    }

    @Override
    public Optional<String> environment() {
      return Optional.of(spec.environment());
    }
  }

  record Invalid(String id, Optional<String> environment, List<Problem> problems)
      implements ClusterOutcome {
    public Invalid {
      problems = problems.stream().distinct().sorted(Problem.ORDER).toList();
    }
  }
}
