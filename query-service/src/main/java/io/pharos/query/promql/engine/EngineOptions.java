package io.pharos.query.promql.engine;

import java.time.Duration;

/**
 * Engine limits and semantics, with Prometheus's defaults: 5m lookback, 2m timeout, and at most
 * 50 million samples loaded by one query.
 */
public record EngineOptions(Duration lookbackDelta, Duration timeout, long maxSamples) {
    public static final EngineOptions DEFAULT = new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(2), 50_000_000);
}
