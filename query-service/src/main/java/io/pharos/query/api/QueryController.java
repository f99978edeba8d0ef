package io.pharos.query.api;

import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.engine.Engine;
import io.pharos.query.promql.engine.QueryException;
import io.pharos.query.promql.engine.QueryResult;
import io.pharos.query.promql.parser.ParseException;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.storage.FanoutSeriesSource;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code /api/v1/query} and {@code /api/v1/query_range}, by GET or form POST, as Prometheus serves them. */
@RestController
class QueryController {
    /** Prometheus refuses range queries with more points per series than this. */
    static final long MAX_POINTS = 11_000;

    private final Engine engine;
    private final Clock clock;

    QueryController(Engine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    @RequestMapping(path = "/api/v1/query", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<String>> query(ServerWebExchange exchange) {
        return params(exchange).flatMap(p -> run(() -> {
            Expr expr = parseQuery(p);
            String time = p.getFirst("time");
            long t = time == null || time.isEmpty() ? clock.millis() : ApiParams.time("time", time);
            return engine.instant(expr, t);
        }));
    }

    @RequestMapping(path = "/api/v1/query_range", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<String>> queryRange(ServerWebExchange exchange) {
        return params(exchange).flatMap(p -> run(() -> {
            long start = ApiParams.time("start", required(p, "start"));
            long end = ApiParams.time("end", required(p, "end"));
            if (end < start) {
                throw new ApiError(ApiError.Type.BAD_DATA, "invalid parameter \"end\": end timestamp must not be before start time");
            }
            long step = ApiParams.duration("step", required(p, "step"));
            if (step <= 0) {
                throw new ApiError(ApiError.Type.BAD_DATA, "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
            }
            if ((end - start) / step > MAX_POINTS) {
                throw new ApiError(ApiError.Type.BAD_DATA, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
            }
            Expr expr = parseQuery(p);
            return engine.range(expr, start, end, step);
        }));
    }

    private static String required(MultiValueMap<String, String> p, String name) {
        String v = p.getFirst(name);
        if (v == null || v.isEmpty()) {
            throw new ApiError(ApiError.Type.BAD_DATA, "invalid parameter \"" + name + "\": cannot parse \"\" to a valid "
                    + (name.equals("step") ? "duration" : "timestamp"));
        }
        return v;
    }

    private static Expr parseQuery(MultiValueMap<String, String> p) {
        String q = p.getFirst("query");
        if (q == null) {
            q = "";
        }
        try {
            return PromqlParser.parseExpr(q);
        } catch (ParseException e) {
            throw new ApiError(ApiError.Type.BAD_DATA, "invalid parameter \"query\": " + e.getMessage());
        }
    }

    /** Query-string and form parameters together, as Go's {@code r.FormValue} sees them. */
    private static Mono<MultiValueMap<String, String>> params(ServerWebExchange exchange) {
        MultiValueMap<String, String> all = new LinkedMultiValueMap<>(exchange.getRequest().getQueryParams());
        return exchange.getFormData().map(form -> {
            form.forEach((k, v) -> v.forEach(x -> all.add(k, x)));
            return all;
        }).defaultIfEmpty(all);
    }

    private static Mono<ResponseEntity<String>> run(Supplier<QueryResult> evaluation) {
        return Mono.fromCallable(() -> {
            try {
                QueryResult r = evaluation.get();
                return json(HttpStatus.OK, ApiResponses.success(r.value(), r.warnings()));
            } catch (ApiError e) {
                return json(HttpStatus.valueOf(e.type().status()), ApiResponses.error(e.type(), e.getMessage()));
            } catch (QueryException e) {
                ApiError.Type type = switch (e.kind()) {
                    case TIMEOUT -> ApiError.Type.TIMEOUT;
                    case CANCELED -> ApiError.Type.CANCELED;
                    case BAD_DATA -> ApiError.Type.BAD_DATA;
                    default -> ApiError.Type.EXECUTION;
                };
                return json(HttpStatus.valueOf(type.status()), ApiResponses.error(type, e.getMessage()));
            } catch (FanoutSeriesSource.StorageUnavailableException e) {
                return json(HttpStatus.valueOf(ApiError.Type.UNAVAILABLE.status()),
                        ApiResponses.error(ApiError.Type.UNAVAILABLE, e.getMessage()));
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static ResponseEntity<String> json(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
