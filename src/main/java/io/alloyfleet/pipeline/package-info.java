/** Load, render what changed, check: one fleet's render as a {@code FleetRender}. */
package io.alloyfleet.pipeline;
