package io.pharos.query.storage;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.pharos.model.labels.Matcher;
import io.pharos.model.select.MatcherSpec;
import io.pharos.model.select.SelectRequest;
import io.pharos.model.select.SelectStream;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Calls one storage instance's select API, with a timeout and a circuit breaker of its own. */
public final class ShardClient {
    private final String baseUrl;
    private final WebClient client;
    private final CircuitBreaker breaker;
    private final Duration timeout;

    public ShardClient(String baseUrl, WebClient.Builder builder, CircuitBreaker breaker, Duration timeout) {
        this.baseUrl = baseUrl;
        this.client = builder.baseUrl(baseUrl).codecs(c -> c.defaultCodecs().maxInMemorySize(-1)).build();
        this.breaker = breaker;
        this.timeout = timeout;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A small JSON endpoint of this instance (series, labels, stats), decoded as {@code type}. */
    public <T> Mono<T> postJson(String path, Object body, org.springframework.core.ParameterizedTypeReference<T> type) {
        return client.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .retrieve()
                .bodyToMono(type)
                .timeout(timeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    public <T> Mono<T> getJson(String path, org.springframework.core.ParameterizedTypeReference<T> type) {
        return client.get()
                .uri(path)
                .retrieve()
                .bodyToMono(type)
                .timeout(timeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    /** The raw select stream body of this instance. */
    public Mono<byte[]> select(List<Matcher> matchers, long mint, long maxt, java.util.Map<Integer, Long> minOffsets,
            io.pharos.model.select.SelectHints hints) {
        SelectRequest request = new SelectRequest(matchers.stream().map(MatcherSpec::of).toList(), mint, maxt, minOffsets,
                hints);
        return client.post()
                .uri("/api/v1/select")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.parseMediaType(SelectStream.MEDIA_TYPE))
                .bodyValue(request)
                .retrieve()
                .bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .timeout(timeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker));
    }
}
