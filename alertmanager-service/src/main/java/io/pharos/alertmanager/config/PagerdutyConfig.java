package io.pharos.alertmanager.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code pagerduty_configs:}: Events API v2 with a {@code routing_key}, or the v1
 * API with a {@code service_key}. Text fields are templates; {@code details} values are
 * templates too (nested maps and lists are rendered leaf by leaf).
 *
 * @param url the Events API endpoint: {@code url}, else the global {@code pagerduty_url}
 * @param urlSet whether {@code url} was given on the receiver (then v1 uses it too)
 */
public record PagerdutyConfig(
        boolean sendResolved,
        HttpClientConfig httpConfig,
        String serviceKey,
        String serviceKeyFile,
        String routingKey,
        String routingKeyFile,
        String url,
        boolean urlSet,
        String client,
        String clientUrl,
        String description,
        Map<String, Object> details,
        List<Image> images,
        List<Link> links,
        String source,
        String severity,
        String className,
        String component,
        String group,
        Duration timeout) {

    public PagerdutyConfig {
        images = List.copyOf(images);
        links = List.copyOf(links);
    }

    /** Events API v1 (a service key) rather than v2 (a routing key). */
    public boolean v1() {
        return notBlank(serviceKey) || notBlank(serviceKeyFile);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isEmpty();
    }

    public record Image(String src, String alt, String href) {
    }

    public record Link(String href, String text) {
    }
}
