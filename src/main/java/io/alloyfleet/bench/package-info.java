/**
 * The {@code bench} and {@code generate-fleet} commands: generated fleets and the measurements
 * BENCHMARKS.md reports.
 */
package io.alloyfleet.bench;
