package io.pharos.query.api;

import io.pharos.query.promql.engine.QueryException;
import io.pharos.query.storage.FanoutSeriesSource;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** What every API handler shares: form and query parameters, blocking work off the event loop, errors. */
final class ApiSupport {
    private ApiSupport() {
    }

    /** Query-string and form parameters together, as Go's {@code r.FormValue} sees them. */
    static Mono<MultiValueMap<String, String>> params(ServerWebExchange exchange) {
        MultiValueMap<String, String> all = new LinkedMultiValueMap<>(exchange.getRequest().getQueryParams());
        return exchange.getFormData().map(form -> {
            form.forEach((k, v) -> v.forEach(x -> all.add(k, x)));
            return all;
        }).defaultIfEmpty(all);
    }

    /** Runs a handler that builds a JSON success body, mapping failures to Prometheus's error JSON. */
    static Mono<ResponseEntity<String>> run(Callable<String> handler) {
        return Mono.fromCallable(() -> {
            try {
                return json(HttpStatus.OK, handler.call());
            } catch (ApiError e) {
                return error(e.type(), e.getMessage());
            } catch (QueryException e) {
                ApiError.Type type = switch (e.kind()) {
                    case TIMEOUT -> ApiError.Type.TIMEOUT;
                    case CANCELED -> ApiError.Type.CANCELED;
                    case BAD_DATA -> ApiError.Type.BAD_DATA;
                    default -> ApiError.Type.EXECUTION;
                };
                return error(type, e.getMessage());
            } catch (FanoutSeriesSource.StorageUnavailableException e) {
                return error(ApiError.Type.UNAVAILABLE, e.getMessage());
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    static ResponseEntity<String> error(ApiError.Type type, String message) {
        return json(HttpStatus.valueOf(type.status()), ApiResponses.error(type, message));
    }

    static ResponseEntity<String> json(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
