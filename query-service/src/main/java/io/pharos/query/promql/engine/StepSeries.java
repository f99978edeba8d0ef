package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;

/**
 * One series of an instant-vector expression over all steps of an evaluation: a value per step,
 * and whether the series has a sample at that step. {@code dropName} is Prometheus's delayed
 * {@code __name__} removal: the name stays while the query runs (so {@code by (__name__)} and
 * {@code label_replace} still see it) and is dropped from the final result.
 */
final class StepSeries {
    final Labels labels;
    final boolean dropName;
    final double[] values;
    final boolean[] present;

    StepSeries(Labels labels, boolean dropName, double[] values, boolean[] present) {
        this.labels = labels;
        this.dropName = dropName;
        this.values = values;
        this.present = present;
    }

    static StepSeries empty(Labels labels, boolean dropName, int steps) {
        return new StepSeries(labels, dropName, new double[steps], new boolean[steps]);
    }

    StepSeries withLabels(Labels newLabels, boolean newDropName) {
        return new StepSeries(newLabels, newDropName, values, present);
    }

    boolean isEmpty() {
        for (boolean p : present) {
            if (p) {
                return false;
            }
        }
        return true;
    }

    int count() {
        int n = 0;
        for (boolean p : present) {
            if (p) {
                n++;
            }
        }
        return n;
    }
}
