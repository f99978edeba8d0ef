package io.pharos.query.storage;

import io.pharos.model.chunk.ChunkIterator;
import io.pharos.model.labels.Labels;
import io.pharos.model.select.EncodedChunk;
import io.pharos.model.select.SeriesChunks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes chunks and merges the parts of a series that come from more than one shard (after
 * repartitioning, a series' older samples stay on its old shard) or overlap within one (a
 * shard's out-of-order chunks): one series per label set, samples in time order, one sample
 * per timestamp, the first chunk's sample winning a tie.
 */
public final class SeriesMerger {
    private final Map<Labels, List<SeriesChunks>> parts = new HashMap<>();
    private final long mint;
    private final long maxt;

    public SeriesMerger(long mint, long maxt) {
        this.mint = mint;
        this.maxt = maxt;
    }

    public synchronized void add(SeriesChunks s) {
        parts.computeIfAbsent(s.labels(), k -> new ArrayList<>(1)).add(s);
    }

    public synchronized List<Series> result() {
        List<Series> out = new ArrayList<>(parts.size());
        parts.forEach((labels, list) -> {
            Series merged = decode(labels, list);
            if (merged.size() > 0) {
                out.add(merged);
            }
        });
        return out;
    }

    private Series decode(Labels labels, List<SeriesChunks> list) {
        int cap = 0;
        for (SeriesChunks s : list) {
            cap += s.chunks().size() * 120;
        }
        long[] ts = new long[Math.max(cap, 16)];
        double[] vs = new double[ts.length];
        int n = 0;
        for (SeriesChunks s : list) {
            for (EncodedChunk c : s.chunks()) {
                if (c.maxTime() < mint || c.minTime() > maxt) {
                    continue;
                }
                ChunkIterator it = c.iterator();
                while (it.next()) {
                    long t = it.timestamp();
                    if (t < mint || t > maxt) {
                        continue;
                    }
                    if (n == ts.length) {
                        ts = Arrays.copyOf(ts, n * 2);
                        vs = Arrays.copyOf(vs, n * 2);
                    }
                    ts[n] = t;
                    vs[n] = it.value();
                    n++;
                }
            }
        }
        // Parts from several shards, or out-of-order chunks of one, may overlap in time.
        if (list.size() > 1 || !strictlyIncreasing(ts, n)) {
            return sortDedup(labels, ts, vs, n);
        }
        return new Series(labels, Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
    }

    private static boolean strictlyIncreasing(long[] ts, int n) {
        for (int i = 1; i < n; i++) {
            if (ts[i] <= ts[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static Series sortDedup(Labels labels, long[] ts, double[] vs, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));
        long[] t2 = new long[n];
        double[] v2 = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int k = order[i];
            if (m > 0 && t2[m - 1] == ts[k]) {
                continue;
            }
            t2[m] = ts[k];
            v2[m] = vs[k];
            m++;
        }
        return new Series(labels, Arrays.copyOf(t2, m), Arrays.copyOf(v2, m));
    }
}
