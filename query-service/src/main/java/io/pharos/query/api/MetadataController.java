package io.pharos.query.api;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.query.promql.parser.ParseException;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.storage.FanoutMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/series}, {@code /api/v1/labels} and {@code /api/v1/label/<name>/values}, as
 * Prometheus answers them, merged from every storage instance.
 */
@RestController
class MetadataController {
    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    private final FanoutMetadata metadata;

    MetadataController(FanoutMetadata metadata) {
        this.metadata = metadata;
    }

    @RequestMapping(path = "/api/v1/series", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<String>> series(ServerWebExchange exchange) {
        return ApiSupport.params(exchange).flatMap(p -> ApiSupport.run(() -> {
            List<List<Matcher>> sets = matchers(p);
            if (sets.isEmpty()) {
                throw new ApiError(ApiError.Type.BAD_DATA, "no match[] parameter provided");
            }
            FanoutMetadata.Answer<List<Labels>> a = metadata.series(sets, start(p), end(p));
            StringBuilder sb = new StringBuilder().append('[');
            List<Labels> series = limit(a.value(), p);
            for (int i = 0; i < series.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                PromJson.labels(sb, series.get(i));
            }
            return ApiResponses.successData(sb.append(']').toString(), a.warnings());
        }));
    }

    @RequestMapping(path = "/api/v1/labels", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<String>> labels(ServerWebExchange exchange) {
        return ApiSupport.params(exchange).flatMap(p -> ApiSupport.run(() -> {
            FanoutMetadata.Answer<List<String>> a = metadata.labelNames(matchers(p), start(p), end(p));
            return ApiResponses.successData(ApiResponses.stringArray(limit(a.value(), p)), a.warnings());
        }));
    }

    @RequestMapping(path = "/api/v1/label/{name}/values", method = RequestMethod.GET)
    Mono<ResponseEntity<String>> labelValues(@PathVariable String name, ServerWebExchange exchange) {
        return ApiSupport.params(exchange).flatMap(p -> ApiSupport.run(() -> {
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new ApiError(ApiError.Type.BAD_DATA, "invalid label name: \"" + name + "\"");
            }
            FanoutMetadata.Answer<List<String>> a = metadata.labelValues(name, matchers(p), start(p), end(p));
            return ApiResponses.successData(ApiResponses.stringArray(limit(a.value(), p)), a.warnings());
        }));
    }

    private static List<List<Matcher>> matchers(MultiValueMap<String, String> p) {
        List<List<Matcher>> sets = new ArrayList<>();
        List<String> raw = p.get("match[]");
        if (raw == null) {
            return sets;
        }
        for (String m : raw) {
            try {
                sets.add(PromqlParser.parseMetricSelector(m));
            } catch (ParseException e) {
                throw new ApiError(ApiError.Type.BAD_DATA, "invalid parameter \"match[]\": " + e.getMessage());
            }
        }
        return sets;
    }

    private static long start(MultiValueMap<String, String> p) {
        String v = p.getFirst("start");
        return v == null || v.isEmpty() ? Long.MIN_VALUE : ApiParams.time("start", v);
    }

    private static long end(MultiValueMap<String, String> p) {
        String v = p.getFirst("end");
        return v == null || v.isEmpty() ? Long.MAX_VALUE : ApiParams.time("end", v);
    }

    /** Prometheus 3's {@code limit} parameter: at most that many results (0: all). */
    private static <T> List<T> limit(List<T> values, MultiValueMap<String, String> p) {
        String v = p.getFirst("limit");
        if (v == null || v.isEmpty()) {
            return values;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiError(ApiError.Type.BAD_DATA, "invalid parameter \"limit\": cannot parse \"" + v + "\" to a valid number");
        }
        return n <= 0 || n >= values.size() ? values : values.subList(0, n);
    }
}
