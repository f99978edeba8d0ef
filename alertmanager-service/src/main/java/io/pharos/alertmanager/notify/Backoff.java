package io.pharos.alertmanager.notify;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * Exponential backoff between delivery attempts: {@code initial}, then times {@code multiplier}
 * up to {@code max}, each randomised by plus or minus {@code jitter} (a fraction). The intervals
 * are Resilience4j's; the retry loop around them ({@link RetryStage}) keeps Alertmanager's
 * deadline and cancellation rules.
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {
    /** Alertmanager's: 500 ms, times 1.5, at most 60 s, plus or minus 50 %. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), 1.5, Duration.ofSeconds(60), 0.5);

    /** The wait after the {@code attempt}-th failed attempt (1-based). */
    public Duration delay(int attempt) {
        IntervalFunction intervals = jitter > 0
                ? IntervalFunction.ofExponentialRandomBackoff(initial, multiplier, jitter, max)
                : IntervalFunction.ofExponentialBackoff(initial, Math.max(1.0, multiplier), max);
        return Duration.ofMillis(Math.max(1, intervals.apply(Math.max(1, attempt))));
    }
}
