package io.pharos.query.api;

import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.format.Prettifier;
import io.pharos.query.promql.parser.ParseException;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.rules.RuleConfigReloader;
import io.pharos.query.storage.FanoutMetadata;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Prometheus's status endpoints: build info (what Grafana probes), config, flags, runtime info,
 * TSDB stats merged from the storage shards, query formatting, and exemplars (none are stored
 * yet, so the answer is the empty list Prometheus gives for a range without exemplars).
 */
@RestController
class StatusController {
    /**
     * The Prometheus version whose API Pharos answers, with Pharos's own version as semver build
     * metadata: Grafana and other clients read the first part to decide which features to use.
     */
    static final String VERSION = "3.0.0+pharos.0.1.0";

    private final FanoutMetadata metadata;
    private final RuleConfigReloader config;
    private final Instant started = Instant.now();

    StatusController(FanoutMetadata metadata, RuleConfigReloader config) {
        this.metadata = metadata;
        this.config = config;
    }

    @GetMapping("/api/v1/status/buildinfo")
    Mono<ResponseEntity<String>> buildInfo() {
        return ApiSupport.run(() -> {
            StringBuilder sb = new StringBuilder("{");
            field(sb, "version", VERSION).append(',');
            field(sb, "revision", "").append(',');
            field(sb, "branch", "").append(',');
            field(sb, "buildUser", "").append(',');
            field(sb, "buildDate", "").append(',');
            field(sb, "goVersion", "java" + System.getProperty("java.version"));
            return ApiResponses.successData(sb.append('}').toString(), List.of());
        });
    }

    @GetMapping("/api/v1/status/config")
    Mono<ResponseEntity<String>> configYaml() {
        return ApiSupport.run(() -> {
            StringBuilder sb = new StringBuilder("{");
            field(sb, "yaml", config.currentYaml());
            return ApiResponses.successData(sb.append('}').toString(), List.of());
        });
    }

    @GetMapping("/api/v1/status/flags")
    Mono<ResponseEntity<String>> flags() {
        return ApiSupport.run(() -> {
            StringBuilder sb = new StringBuilder("{");
            field(sb, "config.file", config.location()).append(',');
            field(sb, "query.lookback-delta", "5m");
            return ApiResponses.successData(sb.append('}').toString(), List.of());
        });
    }

    @GetMapping("/api/v1/status/runtimeinfo")
    Mono<ResponseEntity<String>> runtimeInfo() {
        return ApiSupport.run(() -> {
            StringBuilder sb = new StringBuilder("{");
            field(sb, "startTime", started.toString()).append(',');
            field(sb, "CWD", Path.of("").toAbsolutePath().toString()).append(',');
            sb.append("\"reloadConfigSuccess\":").append(config.lastReloadSucceeded()).append(',');
            field(sb, "lastConfigTime", config.lastReloadTime().toString()).append(',');
            sb.append("\"corruptionCount\":0,");
            sb.append("\"goroutineCount\":").append(ManagementFactory.getThreadMXBean().getThreadCount()).append(',');
            sb.append("\"GOMAXPROCS\":").append(Runtime.getRuntime().availableProcessors()).append(',');
            field(sb, "GOGC", "").append(',');
            field(sb, "GODEBUG", "").append(',');
            field(sb, "storageRetention", "15d");
            return ApiResponses.successData(sb.append('}').toString(), List.of());
        });
    }

    /** Prometheus's TSDB status, summed over every shard of every storage instance. */
    @GetMapping("/api/v1/status/tsdb")
    Mono<ResponseEntity<String>> tsdb() {
        return ApiSupport.run(() -> {
            FanoutMetadata.Answer<List<Map<String, Object>>> a = metadata.tsdbStats();
            long series = 0;
            long pairs = 0;
            long chunks = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            Map<String, Map<String, Long>> tops = new HashMap<>();
            for (Map<String, Object> s : a.value()) {
                series += ((Number) s.get("numSeries")).longValue();
                pairs += ((Number) s.get("numLabelPairs")).longValue();
                chunks += ((Number) s.get("chunkCount")).longValue();
                min = Math.min(min, ((Number) s.get("minTime")).longValue());
                max = Math.max(max, ((Number) s.get("maxTime")).longValue());
                for (String list : List.of("seriesCountByMetricName", "labelValueCountByLabelName",
                        "memoryInBytesByLabelName", "seriesCountByLabelValuePair")) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> counts = (List<Map<String, Object>>) s.get(list);
                    for (Map<String, Object> c : counts) {
                        tops.computeIfAbsent(list, k -> new HashMap<>())
                                .merge((String) c.get("name"), ((Number) c.get("value")).longValue(), Long::sum);
                    }
                }
            }
            StringBuilder sb = new StringBuilder("{\"headStats\":{");
            sb.append("\"numSeries\":").append(series).append(",\"numLabelPairs\":").append(pairs)
                    .append(",\"chunkCount\":").append(chunks)
                    .append(",\"minTime\":").append(series == 0 ? 0 : min)
                    .append(",\"maxTime\":").append(series == 0 ? 0 : max).append('}');
            for (String list : List.of("seriesCountByMetricName", "labelValueCountByLabelName",
                    "memoryInBytesByLabelName", "seriesCountByLabelValuePair")) {
                sb.append(",\"").append(list).append("\":[");
                List<Map.Entry<String, Long>> entries = new ArrayList<>(tops.getOrDefault(list, Map.of()).entrySet());
                entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
                for (int i = 0; i < Math.min(10, entries.size()); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append('{');
                    field(sb, "name", entries.get(i).getKey());
                    sb.append(",\"value\":").append(entries.get(i).getValue()).append('}');
                }
                sb.append(']');
            }
            return ApiResponses.successData(sb.append('}').toString(), a.warnings());
        });
    }

    @RequestMapping(path = "/api/v1/format_query", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<String>> formatQuery(ServerWebExchange exchange) {
        return ApiSupport.params(exchange).flatMap(p -> ApiSupport.run(() -> {
            String q = p.getFirst("query");
            Expr expr;
            try {
                expr = PromqlParser.parseExpr(q == null ? "" : q);
            } catch (ParseException e) {
                throw new ApiError(ApiError.Type.BAD_DATA, "invalid parameter \"query\": " + e.getMessage());
            }
            StringBuilder sb = new StringBuilder();
            PromJson.string(sb, Prettifier.prettify(expr));
            return ApiResponses.successData(sb.toString(), List.of());
        }));
    }

    @RequestMapping(path = "/api/v1/query_exemplars", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<String>> exemplars(ServerWebExchange exchange) {
        return ApiSupport.params(exchange).flatMap(p -> ApiSupport.run(() -> {
            String q = p.getFirst("query");
            try {
                PromqlParser.parseExpr(q == null ? "" : q);
            } catch (ParseException e) {
                throw new ApiError(ApiError.Type.BAD_DATA, "invalid parameter \"query\": " + e.getMessage());
            }
            return ApiResponses.successData("[]", List.of());
        }));
    }

    private static StringBuilder field(StringBuilder sb, String name, String value) {
        PromJson.string(sb, name);
        sb.append(':');
        PromJson.string(sb, value);
        return sb;
    }
}
