package io.pharos.model.sample;

import io.pharos.model.labels.Labels;

/** Samples of one series in time order, as primitive arrays: what a Kafka record carries per series. */
public record SeriesSamples(Labels labels, long[] timestamps, double[] values) {
    public SeriesSamples {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    public static SeriesSamples single(Labels labels, long timestamp, double value) {
        return new SeriesSamples(labels, new long[] {timestamp}, new double[] {value});
    }

    public int size() {
        return timestamps.length;
    }
}
