package io.pharos.query.promql.conformance;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.query.storage.Series;
import io.pharos.query.storage.SeriesSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The in-memory store a script loads into: series by labels, samples by time. */
final class ScriptStorage implements SeriesSource {
    private final Map<Labels, TreeMap<Long, Double>> series = new LinkedHashMap<>();

    void clear() {
        series.clear();
    }

    void load(Script.Load load) {
        for (Script.LoadedSeries s : load.series()) {
            TreeMap<Long, Double> samples = series.computeIfAbsent(s.labels(), k -> new TreeMap<>());
            for (int i = 0; i < s.slots().length; i++) {
                if (s.slots()[i] != null) {
                    samples.put(i * load.intervalMillis(), s.slots()[i]);
                }
            }
        }
    }

    @Override
    public SelectResult select(List<Matcher> matchers, long mint, long maxt) {
        List<Series> out = new ArrayList<>();
        for (Map.Entry<Labels, TreeMap<Long, Double>> e : series.entrySet()) {
            boolean all = true;
            for (Matcher m : matchers) {
                if (!m.matches(e.getKey())) {
                    all = false;
                    break;
                }
            }
            if (!all || mint > maxt) {
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
}
