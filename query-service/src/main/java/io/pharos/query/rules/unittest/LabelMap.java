package io.pharos.query.rules.unittest;

import io.pharos.model.labels.Labels;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Name/value pairs sorted by name, compared and printed as Prometheus compares and prints label
 * sets. Unlike {@link Labels} it keeps empty values: promtool builds expected labels and
 * annotations from maps that keep them, so an expected {@code summary: ""} differs from none.
 */
record LabelMap(SortedMap<String, String> pairs) implements Comparable<LabelMap> {
    LabelMap {
        pairs = new TreeMap<>(pairs);
    }

    static LabelMap of(Map<String, String> map) {
        return new LabelMap(new TreeMap<>(map));
    }

    static LabelMap of(Labels labels) {
        return new LabelMap(new TreeMap<>(labels.toMap()));
    }

    /** Prometheus's {@code labels.Compare}: pair by pair, name then value; a prefix sorts first. */
    @Override
    public int compareTo(LabelMap o) {
        Iterator<Map.Entry<String, String>> a = pairs.entrySet().iterator();
        Iterator<Map.Entry<String, String>> b = o.pairs.entrySet().iterator();
        while (a.hasNext() && b.hasNext()) {
            Map.Entry<String, String> x = a.next();
            Map.Entry<String, String> y = b.next();
            int c = x.getKey().compareTo(y.getKey());
            if (c == 0) {
                c = x.getValue().compareTo(y.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pairs.size(), o.pairs.size());
    }

    @Override
    public String toString() {
        return PromtoolText.pairs(pairs);
    }
}
