/**
 * Tells people what happened: rollout halts, completions and invalid clusters as Kubernetes Events
 * and webhook messages, never blocking a sync.
 */
package io.alloyfleet.notify;
