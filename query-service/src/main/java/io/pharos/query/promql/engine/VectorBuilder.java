package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the samples a per-step operation emits into output series, keyed by label set, in the
 * order they first appear (which is the result order of an instant query). Two samples with the
 * same labels at the same step are Prometheus's "same labelset" error. Callers that emit the same
 * series at many steps keep its {@link #slot} and add by slot, without hashing the labels again.
 */
final class VectorBuilder {
    private final int steps;
    private final Map<Labels, Integer> byLabels = new HashMap<>();
    private final List<StepSeries> ordered = new ArrayList<>();

    VectorBuilder(int steps) {
        this.steps = steps;
    }

    /** The index of the output series with these labels, created on first use. */
    int slot(Labels labels, boolean dropName) {
        Integer slot = byLabels.get(labels);
        if (slot == null) {
            slot = ordered.size();
            byLabels.put(labels, slot);
            ordered.add(StepSeries.empty(labels, dropName, steps));
        }
        return slot;
    }

    void add(int slot, int step, double value) {
        StepSeries s = ordered.get(slot);
        if (s.present[step]) {
            throw QueryException.execution(Messages.SAME_LABELSET);
        }
        s.values[step] = value;
        s.present[step] = true;
    }

    void add(int step, Labels labels, boolean dropName, double value) {
        add(slot(labels, dropName), step, value);
    }

    Steps.VectorSteps build() {
        return new Steps.VectorSteps(ordered);
    }
}
