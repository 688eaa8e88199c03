/**
 * The HTTP entry points that change something: webhooks, {@code POST /api/sync}, the rollout
 * actions and the previews API, with their token and signature checks.
 */
package io.alloyfleet.api;
