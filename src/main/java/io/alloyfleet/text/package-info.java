/**
 * How text is written: one escaping table per output language (Alloy, YAML, problems' plain text,
 * Go's quoting), the quoting of team text, and did-you-mean.
 */
package io.alloyfleet.text;
