package io.pharos.storage.shard;

import io.pharos.storage.head.Head;
import io.pharos.storage.head.MemSeries;
import io.pharos.storage.index.PostingsIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers Prometheus's {@code /api/v1/status/tsdb} reports, for one shard: head series and
 * time range, and the top ten metric names, label names and label pairs by series count.
 */
public record ShardStats(
        int numSeries,
        int numLabelPairs,
        long chunkCount,
        long minTime,
        long maxTime,
        List<Count> seriesCountByMetricName,
        List<Count> labelValueCountByLabelName,
        List<Count> memoryInBytesByLabelName,
        List<Count> seriesCountByLabelValuePair) {

    /** A name and its count, as the API lists them. */
    public record Count(String name, long value) {
    }

    static final int TOP = 10;

    static ShardStats of(Head head, PostingsIndex index) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (MemSeries s : head.series()) {
            min = Math.min(min, s.firstTime());
            max = Math.max(max, s.maxTime());
        }
        Map<String, Long> valuesPerName = new HashMap<>();
        Map<String, Long> bytesPerName = new HashMap<>();
        List<Count> pairs = new ArrayList<>();
        int[] pairCount = {0};
        index.forEachPair((name, value, series) -> {
            pairCount[0]++;
            valuesPerName.merge(name, 1L, Long::sum);
            bytesPerName.merge(name, (long) value.length() * series, Long::sum);
            pairs.add(new Count(name + "=" + value, series));
        });
        List<Count> metricNames = new ArrayList<>();
        index.cardinalities("__name__").forEach((name, n) -> metricNames.add(new Count(name, n)));
        return new ShardStats(head.seriesCount(), pairCount[0], head.chunksSealed(), min, max, top(metricNames),
                top(valuesPerName), top(bytesPerName), top(pairs));
    }

    private static List<Count> top(Map<String, Long> counts) {
        List<Count> list = new ArrayList<>();
        counts.forEach((k, v) -> list.add(new Count(k, v)));
        return top(list);
    }

    static List<Count> top(List<Count> counts) {
        List<Count> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.comparingLong(Count::value).reversed().thenComparing(Count::name));
        return List.copyOf(sorted.subList(0, Math.min(TOP, sorted.size())));
    }
}
