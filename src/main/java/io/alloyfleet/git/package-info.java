/**
 * The local Git object store shared by the source and the publisher: its cache repository and
 * housekeeping, bulk object insertion, commit ids, and the credentials of remotes.
 */
package io.alloyfleet.git;
