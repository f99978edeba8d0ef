package io.pharos.model.web;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Works around a reactor-netty 1.3.6 keep-alive bug (reactor-netty issues #4347 and #4361): when
 * a request arrives while the previous one on the same connection is still completing on another
 * thread (blocking endpoints such as {@code /metrics} and {@code /-/reload} run on
 * boundedElastic), and that buffered request then completes at once, the server stops reading
 * the connection and the client's next request hangs. A response committed off the event loop
 * therefore closes its connection, so no request is ever buffered behind it. 1.3.7 still hangs
 * (checked with the alertmanager's keep-alive test); remove once a release with the fix is used.
 */
public class KeepAliveWorkaround implements WebFilter {
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            if (!Schedulers.isInNonBlockingThread()) {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
