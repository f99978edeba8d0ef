package io.pharos.query.promql.engine;

import java.time.Duration;

/**
 * Engine limits and semantics, with Prometheus's defaults: 5m lookback, 2m timeout, at most 50
 * million samples loaded by one query, and a 1m resolution for subqueries that give none
 * (Prometheus uses its global evaluation interval there).
 */
public record EngineOptions(Duration lookbackDelta, Duration timeout, long maxSamples, Duration defaultSubqueryStep) {
    public static final EngineOptions DEFAULT = new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(2), 50_000_000);

    public EngineOptions(Duration lookbackDelta, Duration timeout, long maxSamples) {
        this(lookbackDelta, timeout, maxSamples, Duration.ofMinutes(1));
    }

    public EngineOptions {
        if (lookbackDelta == null || timeout == null || defaultSubqueryStep == null) {
            throw new NullPointerException("durations must be set");
        }
        if (defaultSubqueryStep.toMillis() <= 0) {
            throw new IllegalArgumentException("default subquery step must be positive");
        }
    }

    public EngineOptions withDefaultSubqueryStep(Duration step) {
        return new EngineOptions(lookbackDelta, timeout, maxSamples, step);
    }
}
