package io.pharos.query.storage;

import io.pharos.model.labels.Matcher;
import io.pharos.model.select.SelectHints;
import io.pharos.model.select.SelectStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Asks every storage instance in parallel and merges their answers. A shard that cannot
 * answer fails the query with an error naming it, or, when partial responses are allowed,
 * is left out with a warning, as Thanos does.
 */
public final class FanoutSeriesSource implements SeriesSource {
    private final List<ShardClient> shards;
    private final boolean partialResponse;
    private final Map<Integer, Long> minOffsets;

    public FanoutSeriesSource(List<ShardClient> shards, boolean partialResponse) {
        this(shards, partialResponse, Map.of());
    }

    private FanoutSeriesSource(List<ShardClient> shards, boolean partialResponse, Map<Integer, Long> minOffsets) {
        this.shards = List.copyOf(shards);
        this.partialResponse = partialResponse;
        this.minOffsets = minOffsets;
    }

    /**
     * The same source, reading after the given partition offsets: every shard first applies all
     * records before them (the design's read-after-write contract for rules).
     */
    public FanoutSeriesSource readingAfter(Map<Integer, Long> offsets) {
        return new FanoutSeriesSource(shards, partialResponse, Map.copyOf(offsets));
    }

    /** The same source with partial responses on or off (Thanos's {@code partial_response} parameter). */
    public FanoutSeriesSource withPartialResponse(boolean partial) {
        return partial == partialResponse ? this : new FanoutSeriesSource(shards, partial, minOffsets);
    }

    @Override
    public SelectResult select(List<Matcher> matchers, long mint, long maxt) {
        return select(matchers, mint, maxt, SelectHints.NONE);
    }

    @Override
    public SelectResult select(List<Matcher> matchers, long mint, long maxt, SelectHints hints) {
        SeriesMerger merger = new SeriesMerger(mint, maxt);
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Flux.fromIterable(shards)
                .flatMap(shard -> shard.select(matchers, mint, maxt, minOffsets, hints)
                        .doOnNext(body -> SelectStream.decode(body, merger::add))
                        .onErrorResume(e -> {
                            String message = "storage " + shard.baseUrl() + " did not answer: " + describe(e);
                            if (!partialResponse) {
                                return Mono.error(new StorageUnavailableException(message, e));
                            }
                            warnings.add(message);
                            return Mono.empty();
                        }))
                .then()
                .block();
        return new SelectResult(merger.result(), warnings);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** A storage instance failed and partial responses are off. */
    public static final class StorageUnavailableException extends RuntimeException {
        public StorageUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
