/** The status snapshot taken after each sync, {@code /api/status} and the status page. */
package io.alloyfleet.status;
