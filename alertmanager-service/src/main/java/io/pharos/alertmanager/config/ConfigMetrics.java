package io.pharos.alertmanager.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alertmanager's reload metrics: {@code alertmanager_config_last_reload_successful},
 * {@code alertmanager_config_last_reload_success_timestamp_seconds} and {@code alertmanager_config_hash}.
 */
public final class ConfigMetrics implements ConfigCoordinator.ReloadListener {
    private final Clock clock;
    private final AtomicLong successful = new AtomicLong();
    private final AtomicLong successSeconds = new AtomicLong();
    private final AtomicLong hash = new AtomicLong();

    public ConfigMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        Gauge.builder("alertmanager.config.last.reload.successful", successful, AtomicLong::get)
                .description("Whether the last configuration reload attempt was successful.")
                .register(registry);
        Gauge.builder("alertmanager.config.last.reload.success.timestamp.seconds", successSeconds, AtomicLong::get)
                .description("Timestamp of the last successful configuration reload.")
                .register(registry);
        Gauge.builder("alertmanager.config.hash", hash, AtomicLong::get)
                .description("Hash of the currently loaded alertmanager configuration.")
                .register(registry);
    }

    @Override
    public void reloaded(boolean success, AlertmanagerConfig config) {
        successful.set(success ? 1 : 0);
        if (success) {
            successSeconds.set(clock.instant().getEpochSecond());
            hash.set(hashOf(config.original()));
        }
    }

    /** The first 48 bits of the MD5 of the text, which a float64 gauge holds exactly. */
    static long hashOf(String text) {
        try {
            byte[] sum = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 5; i >= 0; i--) {
                v = (v << 8) | (sum[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
