package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;

/**
 * A series as a range-vector function reads it: samples in time order without staleness markers,
 * from storage or from a subquery ({@code dropName} carries a subquery's delayed name removal).
 */
record RangeSeries(Labels labels, boolean dropName, long[] timestamps, double[] values) {
    int size() {
        return timestamps.length;
    }
}
