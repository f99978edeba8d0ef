package io.pharos.query.storage;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.model.select.MatcherSpec;
import io.pharos.model.select.SelectRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BiFunction;
import org.springframework.core.ParameterizedTypeReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Series, label names and label values from every storage instance, merged: the union of
 * their answers, sorted. Failures follow the partial-response setting, as selects do.
 */
public final class FanoutMetadata {
    private static final ParameterizedTypeReference<List<Map<String, String>>> SERIES = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<String>> STRINGS = new ParameterizedTypeReference<>() {
    };

    private final List<ShardClient> shards;
    private final boolean partialResponse;

    public FanoutMetadata(List<ShardClient> shards, boolean partialResponse) {
        this.shards = List.copyOf(shards);
        this.partialResponse = partialResponse;
    }

    /** The answer and any warnings about instances left out. */
    public record Answer<T>(T value, List<String> warnings) {
    }

    public Answer<List<Labels>> series(List<List<Matcher>> matcherSets, long start, long end) {
        Set<Labels> out = new ConcurrentSkipListSet<>();
        List<String> warnings = fanout(matcherSets, start, end, (shard, req) ->
                shard.postJson("/api/v1/series", req, SERIES).doOnNext(list -> list.forEach(m -> out.add(Labels.fromMap(m)))));
        return new Answer<>(new ArrayList<>(out), warnings);
    }

    public Answer<List<String>> labelNames(List<List<Matcher>> matcherSets, long start, long end) {
        Set<String> out = Collections.synchronizedSet(new TreeSet<>());
        List<String> warnings = fanout(matcherSets, start, end, (shard, req) ->
                shard.postJson("/api/v1/labels", req, STRINGS).doOnNext(out::addAll));
        return new Answer<>(new ArrayList<>(out), warnings);
    }

    public Answer<List<String>> labelValues(String name, List<List<Matcher>> matcherSets, long start, long end) {
        Set<String> out = Collections.synchronizedSet(new TreeSet<>());
        String path = "/api/v1/label/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "/values";
        List<String> warnings = fanout(matcherSets, start, end, (shard, req) ->
                shard.postJson(path, req, STRINGS).doOnNext(out::addAll));
        return new Answer<>(new ArrayList<>(out), warnings);
    }

    /** Each instance's TSDB stats (one entry per shard it owns), as raw JSON maps. */
    public Answer<List<Map<String, Object>>> tsdbStats() {
        List<Map<String, Object>> out = Collections.synchronizedList(new ArrayList<>());
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Flux.fromIterable(shards)
                .flatMap(shard -> shard.getJson("/api/v1/status/tsdb",
                        new ParameterizedTypeReference<List<Map<String, Object>>>() {
                        }).doOnNext(out::addAll).onErrorResume(e -> failed(shard, e, warnings)))
                .then().block();
        return new Answer<>(out, warnings);
    }

    private List<String> fanout(List<List<Matcher>> matcherSets, long start, long end,
            BiFunction<ShardClient, SelectRequest, Mono<?>> call) {
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        List<List<Matcher>> sets = matcherSets.isEmpty() ? List.of(List.of()) : matcherSets;
        Flux.fromIterable(shards)
                .flatMap(shard -> Flux.fromIterable(sets)
                        .flatMap(set -> call.apply(shard, new SelectRequest(set.stream().map(MatcherSpec::of).toList(), start, end)))
                        .then()
                        .onErrorResume(e -> failed(shard, e, warnings)))
                .then().block();
        return warnings;
    }

    private <T> Mono<T> failed(ShardClient shard, Throwable e, List<String> warnings) {
        String message = "storage " + shard.baseUrl() + " did not answer: " + (e.getMessage() == null ? e : e.getMessage());
        if (!partialResponse) {
            return Mono.error(new FanoutSeriesSource.StorageUnavailableException(message, e));
        }
        warnings.add(message);
        return Mono.empty();
    }
}
