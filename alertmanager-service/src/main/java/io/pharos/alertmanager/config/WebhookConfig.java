package io.pharos.alertmanager.config;

import java.time.Duration;

/**
 * One entry of {@code webhook_configs:}.
 *
 * @param url the endpoint, or null when {@code url_file} names a file that holds it
 * @param maxAlerts the most alerts one message carries; 0 for no limit
 * @param timeout the limit for one request; {@link Duration#ZERO} for none beyond the flush's
 */
public record WebhookConfig(
        String url,
        String urlFile,
        boolean sendResolved,
        long maxAlerts,
        Duration timeout,
        HttpClientConfig httpConfig) {
}
