package io.pharos.model.select;

import java.util.List;
import java.util.Map;

/**
 * A shard select: series matching all matchers, with their samples in
 * {@code [start, end]} (milliseconds, both inclusive).
 *
 * @param minOffsets read after write (the design's contract for rules): per partition of
 *     {@code pharos.samples}, the log end offset the caller saw; a shard answers only once it has
 *     applied every record before it, so a rule reads what the rules before it wrote. Empty: no wait.
 * @param hints what the engine will do with the answer ({@link SelectHints#NONE} when unknown)
 */
public record SelectRequest(List<MatcherSpec> matchers, long start, long end, Map<Integer, Long> minOffsets,
        SelectHints hints) {
    public SelectRequest {
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        minOffsets = minOffsets == null ? Map.of() : Map.copyOf(minOffsets);
        hints = hints == null ? SelectHints.NONE : hints;
    }

    public SelectRequest(List<MatcherSpec> matchers, long start, long end, Map<Integer, Long> minOffsets) {
        this(matchers, start, end, minOffsets, SelectHints.NONE);
    }

    public SelectRequest(List<MatcherSpec> matchers, long start, long end) {
        this(matchers, start, end, Map.of(), SelectHints.NONE);
    }
}
