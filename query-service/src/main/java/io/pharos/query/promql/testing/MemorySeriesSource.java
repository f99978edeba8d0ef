package io.pharos.query.promql.testing;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.query.storage.Series;
import io.pharos.query.storage.SeriesSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mutable in-memory store of float samples, selected as a storage shard selects: every matcher
 * must match, samples in {@code [mint, maxt]}. A sample written again at the same time replaces
 * the earlier one. For test scripts and rule unit tests, not for production volumes: a select
 * scans every series. Not thread-safe.
 */
public final class MemorySeriesSource implements SeriesSource {
    private final Map<Labels, TreeMap<Long, Double>> series = new LinkedHashMap<>();

    /** Adds one sample (a staleness marker is stored as any other value). */
    public void add(Labels labels, long timestampMillis, double value) {
        series.computeIfAbsent(labels, k -> new TreeMap<>()).put(timestampMillis, value);
    }

    public void clear() {
        series.clear();
    }

    @Override
    public SelectResult select(List<Matcher> matchers, long mint, long maxt) {
        List<Series> out = new ArrayList<>();
        if (mint > maxt) {
            return new SelectResult(out, List.of());
        }
        for (Map.Entry<Labels, TreeMap<Long, Double>> e : series.entrySet()) {
            if (!matchesAll(matchers, e.getKey())) {
                continue;
            }
            Map<Long, Double> range = e.getValue().subMap(mint, true, maxt, true);
            if (range.isEmpty()) {
                continue;
            }
            long[] ts = new long[range.size()];
            double[] vs = new double[range.size()];
            int i = 0;
            for (Map.Entry<Long, Double> p : range.entrySet()) {
                ts[i] = p.getKey();
                vs[i] = p.getValue();
                i++;
            }
            out.add(new Series(e.getKey(), ts, vs));
        }
        return new SelectResult(out, List.of());
    }

    private static boolean matchesAll(List<Matcher> matchers, Labels labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
