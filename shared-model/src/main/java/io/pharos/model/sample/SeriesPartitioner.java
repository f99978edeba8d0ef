package io.pharos.model.sample;

import io.pharos.model.labels.Labels;

/**
 * The one definition of which {@code pharos.samples} partition a series belongs to. The
 * collector produces by it and storage relies on it; both sides must use this class.
 */
public final class SeriesPartitioner {
    private SeriesPartitioner() {
    }

    public static int partitionOf(Labels labels, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        return (int) Long.remainderUnsigned(labels.hash(), partitions);
    }
}
