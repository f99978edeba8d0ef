package io.pharos.query.storage;

import io.pharos.model.labels.Labels;

/** A series' samples in time order, decoded from its chunks: what the engine reads. */
public record Series(Labels labels, long[] timestamps, double[] values) {
    public int size() {
        return timestamps.length;
    }
}
