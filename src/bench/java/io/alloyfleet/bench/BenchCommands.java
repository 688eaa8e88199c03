package io.alloyfleet.bench;

import io.alloyfleet.cli.ExtraCommands;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Adds {@code bench} and {@code generate-fleet} to the command line of a build that has the bench
 * (the test class path, or {@code ./mvnw -Pbench package}); the shipped jar has neither.
 */
@Singleton
public class BenchCommands implements ExtraCommands {

  @Override
  public List<Class<?>> commands() {
    return List.of(BenchCommand.class, GenerateFleetCommand.class);
  }
}
