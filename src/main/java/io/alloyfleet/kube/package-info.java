/** Kubernetes: Argo CD Applications, Lease-based leadership and the Events an operator must see. */
package io.alloyfleet.kube;
