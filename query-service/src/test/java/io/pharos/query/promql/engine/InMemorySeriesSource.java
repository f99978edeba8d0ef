package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.query.storage.Series;
import io.pharos.query.storage.SeriesSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A fixed set of series, selected as a shard selects: all matchers, samples in [mint, maxt]. */
final class InMemorySeriesSource implements SeriesSource {
    private final List<Series> series = new ArrayList<>();

    InMemorySeriesSource add(Labels labels, long[] ts, double[] vs) {
        series.add(new Series(labels, ts, vs));
        return this;
    }

    @Override
    public SelectResult select(List<Matcher> matchers, long mint, long maxt) {
        List<Series> out = new ArrayList<>();
        for (Series s : series) {
            if (matchers.stream().allMatch(m -> m.matches(s.labels()))) {
                int n = 0;
                long[] ts = new long[s.size()];
                double[] vs = new double[s.size()];
                for (int i = 0; i < s.size(); i++) {
                    if (s.timestamps()[i] >= mint && s.timestamps()[i] <= maxt) {
                        ts[n] = s.timestamps()[i];
                        vs[n++] = s.values()[i];
                    }
                }
                if (n > 0) {
                    out.add(new Series(s.labels(), Arrays.copyOf(ts, n), Arrays.copyOf(vs, n)));
                }
            }
        }
        return new SelectResult(out, List.of());
    }
}
