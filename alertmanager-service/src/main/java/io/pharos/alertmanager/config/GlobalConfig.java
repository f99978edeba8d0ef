package io.pharos.alertmanager.config;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code global:} section. Only {@code resolve_timeout} and {@code http_config} are used by
 * this service so far; every other setting (SMTP, Slack, PagerDuty, ... defaults) is kept as given
 * in {@link #settings()} for the receivers that will read it.
 */
public record GlobalConfig(Duration resolveTimeout, HttpClientConfig httpConfig, Map<String, Object> settings) {
    public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofMinutes(5);

    public GlobalConfig {
        settings = Map.copyOf(settings);
    }

    public static GlobalConfig defaults() {
        return new GlobalConfig(DEFAULT_RESOLVE_TIMEOUT, HttpClientConfig.DEFAULT, Map.of());
    }
}
