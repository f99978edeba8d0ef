package io.pharos.query.rules;

import java.time.Instant;

/**
 * How a rule (or a group) fared at its last evaluation, as {@code /api/v1/rules} reports it:
 * health "ok", "err" or "unknown", the last error, when it last ran and how long it took.
 */
public final class RuleHealth {
    private volatile String health = "unknown";
    private volatile String lastError = "";
    private volatile Instant lastEvaluation = Instant.EPOCH;
    private volatile double evaluationSeconds;

    void record(long startedMillis, long nanos, String error) {
        lastEvaluation = Instant.ofEpochMilli(startedMillis);
        evaluationSeconds = nanos / 1e9;
        lastError = error == null ? "" : error;
        health = error == null ? "ok" : "err";
    }

    public String health() {
        return health;
    }

    public String lastError() {
        return lastError;
    }

    /** Zero time (Go's {@code 0001-01-01T00:00:00Z} in the API) until the first evaluation. */
    public Instant lastEvaluation() {
        return lastEvaluation;
    }

    public double evaluationSeconds() {
        return evaluationSeconds;
    }
}
