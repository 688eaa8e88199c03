/**
 * The {@code bench} and {@code generate-fleet} commands: generated fleets and the measurements
 * BENCHMARKS.md reports. Not in the shipped jar: built from {@code src/bench/java} into the test
 * class path, or into {@code target/bench/} by {@code ./bench} ({@code ./mvnw -Pbench package}).
 */
package io.alloyfleet.bench;
