/** Readiness and liveness, and what the HTTP port refuses and how it is counted. */
package io.alloyfleet.ops;
