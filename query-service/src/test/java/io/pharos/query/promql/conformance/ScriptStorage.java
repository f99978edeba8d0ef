package io.pharos.query.promql.conformance;

import io.pharos.model.labels.Matcher;
import io.pharos.query.promql.testing.MemorySeriesSource;
import io.pharos.query.storage.SeriesSource;
import java.util.List;

/** The in-memory store a script loads into: a {@link MemorySeriesSource} fed by load commands. */
final class ScriptStorage implements SeriesSource {
    private final MemorySeriesSource store = new MemorySeriesSource();

    void clear() {
        store.clear();
    }

    void load(Script.Load load) {
        for (Script.LoadedSeries s : load.series()) {
            for (int i = 0; i < s.slots().length; i++) {
                if (s.slots()[i] != null) {
                    store.add(s.labels(), i * load.intervalMillis(), s.slots()[i]);
                }
            }
        }
    }

    @Override
    public SelectResult select(List<Matcher> matchers, long mint, long maxt) {
        return store.select(matchers, mint, maxt);
    }
}
