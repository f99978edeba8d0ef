package io.pharos.alertmanager.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff between delivery attempts: {@code initial}, then times {@code multiplier}
 * up to {@code max}, each randomised by plus or minus {@code jitter} (a fraction).
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {
    /** Alertmanager's: 500 ms, times 1.5, at most 60 s, plus or minus 50 %. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), 1.5, Duration.ofSeconds(60), 0.5);

    /** The wait after the {@code attempt}-th failed attempt (1-based). */
    public Duration delay(int attempt) {
        double ms = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        ms = Math.min(ms, max.toMillis());
        if (jitter > 0) {
            ms = ms * (1 - jitter + 2 * jitter * ThreadLocalRandom.current().nextDouble());
        }
        return Duration.ofMillis(Math.max(1, Math.round(ms)));
    }
}
