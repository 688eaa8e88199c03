package io.alloyfleet.cli;

import java.util.List;

/**
 * Commands that do not ship in the jar add themselves under the top command through this: the bench
 * ({@code src/bench/java}, in the test class path and in the {@code bench} profile's build) is one.
 * The production CLI knows none of them by name.
 */
public interface ExtraCommands {

  /** The picocli {@code @Command} classes to add; each is created by the CDI factory. */
  List<Class<?>> commands();
}
