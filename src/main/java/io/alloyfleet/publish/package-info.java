/**
 * A fleet's render into commits on the rendered branches, pushed once and never forced, and the
 * local Git object store behind them.
 */
package io.alloyfleet.publish;
