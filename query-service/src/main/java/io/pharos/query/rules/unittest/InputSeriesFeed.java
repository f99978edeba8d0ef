package io.pharos.query.rules.unittest;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.testing.MemorySeriesSource;
import io.pharos.query.promql.testing.SeriesLabels;
import io.pharos.query.promql.testing.SeriesValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test group's {@code input_series}, written into the store as time advances: before each
 * evaluation, the samples up to that time (promtool loads them the same lazy way, so a query
 * never sees input samples later than the last evaluation).
 */
final class InputSeriesFeed {
    private final List<Pending> series = new ArrayList<>();

    private static final class Pending {
        final Labels labels;
        final long[] timestamps;
        final double[] values;
        int next;

        Pending(Labels labels, long[] timestamps, double[] values) {
            this.labels = labels;
            this.timestamps = timestamps;
            this.values = values;
        }
    }

    /**
     * Parses the series; the first sample is at {@code startMillis}, one every {@code intervalMillis}.
     * A series given twice keeps its last definition. Throws IllegalArgumentException (or the
     * parser's ParseException) naming the bad series.
     */
    InputSeriesFeed(List<RuleTestFile.InputSeries> input, long startMillis, long intervalMillis) {
        Map<Labels, Pending> byLabels = new LinkedHashMap<>();
        for (RuleTestFile.InputSeries in : input) {
            Labels labels = SeriesLabels.parse(in.series());
            if (in.values().contains("{{")) {
                throw new IllegalArgumentException(in.series() + ": native histogram values are not supported by Pharos");
            }
            List<Double> slots;
            try {
                slots = SeriesValues.parse(in.values());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(in.series() + " " + in.values() + ": " + e.getMessage(), e);
            }
            int n = 0;
            for (Double d : slots) {
                n += d == null ? 0 : 1;
            }
            long[] ts = new long[n];
            double[] vs = new double[n];
            int j = 0;
            for (int i = 0; i < slots.size(); i++) {
                if (slots.get(i) != null) {
                    ts[j] = startMillis + i * intervalMillis;
                    vs[j++] = slots.get(i);
                }
            }
            byLabels.put(labels, new Pending(labels, ts, vs));
        }
        series.addAll(byLabels.values());
    }

    /** Writes every sample at or before {@code ts} not written yet. */
    void loadTill(long ts, MemorySeriesSource store) {
        for (Pending p : series) {
            while (p.next < p.timestamps.length && p.timestamps[p.next] <= ts) {
                store.add(p.labels, p.timestamps[p.next], p.values[p.next]);
                p.next++;
            }
        }
    }
}
