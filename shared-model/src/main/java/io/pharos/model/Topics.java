package io.pharos.model;

/** The Kafka topics of the design's contracts. */
public final class Topics {
    /** Samples from collectors and recording rules; partition = series hash mod partitions. */
    public static final String SAMPLES = "pharos.samples";
    /** Compacted: target id to JSON target definition; a tombstone deletes. */
    public static final String TARGETS = "pharos.targets";
    public static final int DEFAULT_SAMPLE_PARTITIONS = 4;

    private Topics() {
    }
}
