package io.pharos.query.api;

import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.engine.Engine;
import io.pharos.query.promql.engine.ReloadableEngine;
import io.pharos.query.promql.engine.QueryResult;
import io.pharos.query.promql.parser.ParseException;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.storage.FanoutSeriesSource;
import io.pharos.query.storage.SeriesSource;
import java.time.Clock;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code /api/v1/query} and {@code /api/v1/query_range}, by GET or form POST, as Prometheus serves them. */
@RestController
class QueryController {
    /** Prometheus refuses range queries with more points per series than this. */
    static final long MAX_POINTS = 11_000;

    private final ReloadableEngine engine;
    private final FanoutSeriesSource source;
    private final Clock clock;

    QueryController(ReloadableEngine engine, SeriesSource source, Clock clock) {
        this.engine = engine;
        this.source = (FanoutSeriesSource) source;
        this.clock = clock;
    }

    /**
     * The engine for one request: with {@code partial_response=true} (or false) a shard that
     * does not answer is left out with a warning (or fails the query), as Thanos does;
     * without the parameter the service's setting applies.
     */
    private Engine engineFor(MultiValueMap<String, String> p) {
        Engine current = engine.get();
        String partial = p.getFirst("partial_response");
        if (partial == null || partial.isEmpty()) {
            return current;
        }
        return new Engine(source.withPartialResponse(Boolean.parseBoolean(partial)), current.options());
    }

    @RequestMapping(path = "/api/v1/query", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<String>> query(ServerWebExchange exchange) {
        return ApiSupport.params(exchange).flatMap(p -> ApiSupport.run(() -> {
            Expr expr = parseQuery(p);
            String time = p.getFirst("time");
            long t = time == null || time.isEmpty() ? clock.millis() : ApiParams.time("time", time);
            return success(engineFor(p).instant(expr, t), p.getFirst("query"));
        }));
    }

    @RequestMapping(path = "/api/v1/query_range", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<String>> queryRange(ServerWebExchange exchange) {
        return ApiSupport.params(exchange).flatMap(p -> ApiSupport.run(() -> {
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
            return success(engineFor(p).range(expr, start, end, step), p.getFirst("query"));
        }));
    }

    /** Storage warnings and PromQL's own warnings and infos, worded and positioned as Prometheus's. */
    private static String success(QueryResult r, String query) {
        return ApiResponses.success(r.value(), r.allWarnings(query), r.infos(query));
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

}
