package io.alloyfleet.publish;

/** What a rendered cluster directory's {@code hydrator.metadata} records about its render. */
public record ClusterMetadata(String renderHash, String drySha, String configHash, String date) {}
