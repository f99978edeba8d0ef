package io.pharos.query.rules;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.sample.StaleMarker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Remembers the series a rule wrote at its last evaluation, so that a series it no longer
 * writes gets a staleness marker, as Prometheus's rule groups write them: recorded series and
 * {@code ALERTS} end at once rather than lingering for the lookback window.
 */
final class StalenessTracker {
    private Set<Labels> previous = Set.of();

    /** The samples with staleness markers added for series written last time but not now. */
    synchronized List<SeriesSamples> withStaleMarkers(List<SeriesSamples> current, long ts) {
        Set<Labels> now = new HashSet<>(current.size() * 2);
        for (SeriesSamples s : current) {
            now.add(s.labels());
        }
        List<SeriesSamples> out = new ArrayList<>(current);
        for (Labels gone : previous) {
            if (!now.contains(gone)) {
                out.add(SeriesSamples.single(gone, ts, StaleMarker.VALUE));
            }
        }
        previous = now;
        return out;
    }

    /** The series written at the last evaluation. */
    synchronized Set<Labels> previous() {
        return previous;
    }

    /** Continues from what another tracker saw: a reloaded rule ends its predecessor's series. */
    synchronized void takeOver(StalenessTracker predecessor) {
        previous = predecessor.previous();
    }
}
