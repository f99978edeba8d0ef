package io.pharos.query.storage;

import io.pharos.model.labels.Matcher;
import io.pharos.model.select.SelectHints;
import java.util.List;

/** Where the engine reads series from: every storage shard, or a fixed set in a test. */
public interface SeriesSource {
    /**
     * Series matching all matchers with their samples in {@code [mint, maxt]}, one entry per
     * distinct label set, samples in time order.
     */
    SelectResult select(List<Matcher> matchers, long mint, long maxt);

    /** As above, telling the source what the engine will do with the series (it may push work down). */
    default SelectResult select(List<Matcher> matchers, long mint, long maxt, SelectHints hints) {
        return select(matchers, mint, maxt);
    }

    /** The series and any warnings (such as a shard left out of a partial response). */
    record SelectResult(List<Series> series, List<String> warnings) {
        public SelectResult {
            series = List.copyOf(series);
            warnings = List.copyOf(warnings);
        }
    }
}
