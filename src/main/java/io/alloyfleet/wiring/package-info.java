/**
 * Settings → the service's parts: the sync with its remotes, credentials, local cache and signer
 * ({@code SyncFactory}), and the embedded demo fleet ({@code DemoFleet}). Above {@code sync}, so
 * the loop knows only {@code Sync.Factory}.
 */
package io.alloyfleet.wiring;
