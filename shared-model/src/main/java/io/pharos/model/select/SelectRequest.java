package io.pharos.model.select;

import java.util.List;

/**
 * A shard select: series matching all matchers, with their samples in
 * {@code [start, end]} (milliseconds, both inclusive).
 */
public record SelectRequest(List<MatcherSpec> matchers, long start, long end) {
    public SelectRequest {
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
    }
}
