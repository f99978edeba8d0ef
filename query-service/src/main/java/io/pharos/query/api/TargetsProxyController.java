package io.pharos.query.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/targets}, {@code /api/v1/targets/metadata} and {@code /api/v1/metadata} on the query
 * port, as Prometheus answers them, from every collector. A collector that does not answer is a warning.
 */
@RestController
public class TargetsProxyController {
    private final CollectorClients collectors;

    public TargetsProxyController(CollectorClients collectors) {
        this.collectors = collectors;
    }

    @GetMapping("/api/v1/targets")
    public Mono<ResponseEntity<Map<String, Object>>> targets(ServerWebExchange exchange) {
        MultiValueMap<String, String> p = pass(exchange, "state", "scrapePool");
        return collectors.get("/api/v1/targets", p).map(a -> success(CollectorMerge.targets(a.data()), a.warnings()));
    }

    @GetMapping("/api/v1/targets/metadata")
    public Mono<ResponseEntity<Map<String, Object>>> targetsMetadata(ServerWebExchange exchange) {
        MultiValueMap<String, String> p = pass(exchange, "match_target", "metric", "limit");
        return withInt(exchange, "limit", "limit must be a number", limit -> collectors.get("/api/v1/targets/metadata", p)
                .map(a -> success(CollectorMerge.targetsMetadata(a.data(), limit), a.warnings())));
    }

    @GetMapping("/api/v1/metadata")
    public Mono<ResponseEntity<Map<String, Object>>> metadata(ServerWebExchange exchange) {
        String metric = exchange.getRequest().getQueryParams().getFirst("metric");
        MultiValueMap<String, String> p = pass(exchange, "metric");
        return withInt(exchange, "limit", "limit must be a number",
                limit -> withInt(exchange, "limit_per_metric", "limit_per_metric must be a number",
                        perMetric -> collectors.get("/api/v1/targets/metadata", p).map(a -> success(
                                CollectorMerge.metadata(a.data(), metric, limit, perMetric), a.warnings()))));
    }

    private static MultiValueMap<String, String> pass(ServerWebExchange exchange, String... names) {
        MultiValueMap<String, String> q = exchange.getRequest().getQueryParams();
        MultiValueMap<String, String> out = new LinkedMultiValueMap<>();
        for (String n : names) {
            List<String> v = q.get(n);
            if (v != null && !v.isEmpty() && v.get(0) != null && !v.get(0).isEmpty()) {
                out.add(n, v.get(0));
            }
        }
        return out;
    }

    /** An integer parameter ({@code -1} when absent), or Prometheus's {@code bad_data} error. */
    private static Mono<ResponseEntity<Map<String, Object>>> withInt(ServerWebExchange exchange, String name, String error,
            Function<Integer, Mono<ResponseEntity<Map<String, Object>>>> then) {
        String s = exchange.getRequest().getQueryParams().getFirst(name);
        int v = -1;
        if (s != null && !s.isEmpty()) {
            try {
                v = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "error");
                body.put("errorType", "bad_data");
                body.put("error", error);
                return Mono.just(ResponseEntity.status(HttpStatus.BAD_REQUEST).body(body));
            }
        }
        return then.apply(v);
    }

    private static ResponseEntity<Map<String, Object>> success(Object data, List<String> warnings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        if (!warnings.isEmpty()) {
            body.put("warnings", warnings);
        }
        return ResponseEntity.ok(body);
    }
}
