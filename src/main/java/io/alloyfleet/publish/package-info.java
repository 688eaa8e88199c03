/** A fleet's render into commits on the rendered branches, pushed once and never forced. */
package io.alloyfleet.publish;
