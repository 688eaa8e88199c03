/**
 * The engine: the ordered stages of a sync, its triggers, schedule, retries, leadership per
 * environment, traces and metrics; what readers see of it ({@code SyncView}, {@code
 * RenderedBranches}, {@code SourceView}) and its one event ({@code SyncLoop.LastSync}).
 */
package io.alloyfleet.sync;
