package io.alloyfleet.kube;

/** What Argo CD reports of a cluster's Application: sync status, the revision it synced, health. */
public record ApplicationStatus(String sync, String revision, String health) {}
