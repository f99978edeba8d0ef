package io.pharos.storage.shard;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The in-memory inverted index of one shard: series id to labels, labels to id, and a
 * postings bitmap per label pair. It is rebuilt from the shard's series column family when
 * the shard opens. Writers are serialized by the shard; readers may run concurrently.
 */
final class SeriesIndex {
    private final Map<Labels, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Labels> labelsById = new ConcurrentHashMap<>();
    private final Map<String, Map<String, RoaringBitmap>> postings = new HashMap<>();
    private final RoaringBitmap all = new RoaringBitmap();

    Integer idOf(Labels labels) {
        return ids.get(labels);
    }

    Labels labelsOf(int id) {
        return labelsById.get(id);
    }

    int size() {
        return ids.size();
    }

    synchronized void add(int id, Labels labels) {
        ids.put(labels, id);
        labelsById.put(id, labels);
        for (int i = 0; i < labels.size(); i++) {
            postings.computeIfAbsent(labels.name(i), k -> new HashMap<>())
                    .computeIfAbsent(labels.value(i), k -> new RoaringBitmap())
                    .add(id);
        }
        all.add(id);
    }

    /** Ids of the series that every matcher selects, as Prometheus's PostingsForMatchers. */
    synchronized RoaringBitmap select(List<Matcher> matchers) {
        RoaringBitmap result = all.clone();
        for (Matcher m : matchers) {
            Map<String, RoaringBitmap> values = postings.getOrDefault(m.name(), Map.of());
            if (m.type() == Matcher.Type.EQ && !m.value().isEmpty()) {
                RoaringBitmap p = values.get(m.value());
                result.and(p == null ? new RoaringBitmap() : p);
            } else if (!m.matchesEmpty()) {
                result.and(union(values, m, true));
            } else {
                // Matches the empty value: also selects series without the label, so subtract
                // the series whose value it rejects instead of intersecting the ones it accepts.
                result.andNot(union(values, m, false));
            }
            if (result.isEmpty()) {
                break;
            }
        }
        return result;
    }

    private static RoaringBitmap union(Map<String, RoaringBitmap> values, Matcher m, boolean accepted) {
        List<RoaringBitmap> parts = new ArrayList<>();
        values.forEach((v, bitmap) -> {
            if (m.matches(v) == accepted) {
                parts.add(bitmap);
            }
        });
        return RoaringBitmap.or(parts.iterator());
    }
}
