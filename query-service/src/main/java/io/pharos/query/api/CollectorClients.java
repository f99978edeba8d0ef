package io.pharos.query.api;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The collectors ({@code pharos.query.collector-urls}), asked in parallel for their part of an API
 * answer. A collector that does not answer, or answers an error, becomes a warning, never a failure.
 */
public final class CollectorClients {
    private static final Logger log = LoggerFactory.getLogger(CollectorClients.class);

    /** The {@code data} of every collector that answered, in the order of the URLs, and a warning per one that did not. */
    public record Answer(List<Object> data, List<String> warnings) {
    }

    private record One(Object data, String warning) {
    }

    private final List<String> urls;
    private final WebClient client;
    private final Duration timeout;

    public CollectorClients(List<String> urls, WebClient.Builder builder, Duration timeout) {
        this.urls = List.copyOf(urls);
        this.client = builder.build();
        this.timeout = timeout;
    }

    /** Parses {@code pharos.query.collector-urls}: comma separated, blanks ignored, trailing slashes dropped. */
    public static List<String> parseUrls(String csv) {
        List<String> out = new ArrayList<>();
        for (String u : csv.split(",")) {
            String t = u.trim();
            while (t.endsWith("/")) {
                t = t.substring(0, t.length() - 1);
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    public List<String> urls() {
        return urls;
    }

    /** GET {@code path} with {@code params} on every collector. */
    public Mono<Answer> get(String path, MultiValueMap<String, String> params) {
        return Flux.fromIterable(urls)
                .flatMapSequential(base -> one(base, path, params))
                .collectList()
                .map(all -> {
                    List<Object> data = new ArrayList<>();
                    List<String> warnings = new ArrayList<>();
                    for (One o : all) {
                        if (o.warning() != null) {
                            warnings.add(o.warning());
                        } else {
                            data.add(o.data());
                        }
                    }
                    return new Answer(data, warnings);
                });
    }

    private Mono<One> one(String base, String path, MultiValueMap<String, String> params) {
        URI uri = UriComponentsBuilder.fromUriString(base).path(path).queryParams(params).build().encode().toUri();
        return client.get().uri(uri)
                .exchangeToMono(r -> r.bodyToMono(Map.class).map(body -> {
                    if ("success".equals(body.get("status"))) {
                        return new One(body.get("data"), null);
                    }
                    return failed(base, path, "HTTP " + r.statusCode().value() + ": " + body.get("error"));
                }).switchIfEmpty(Mono.fromSupplier(() -> failed(base, path, "HTTP " + r.statusCode().value() + " with no body"))))
                .timeout(timeout)
                .onErrorResume(e -> Mono.just(failed(base, path, e.toString())));
    }

    private static One failed(String base, String path, String why) {
        String w = "collector " + base + " did not answer " + path + ": " + why;
        log.warn(w);
        return new One(null, w);
    }
}
