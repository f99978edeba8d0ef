package io.pharos.model.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code alerting} section: where alerts are sent, and the {@code alert_relabel_configs}
 * applied to every alert before it is sent (after {@code external_labels} are added).
 */
public record AlertingConfig(List<Alertmanager> alertmanagers, List<RelabelConfig> alertRelabelConfigs) {
    public static final AlertingConfig NONE = new AlertingConfig(List.of(), List.of());

    public AlertingConfig {
        alertmanagers = List.copyOf(alertmanagers);
        alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
    }

    public AlertingConfig(List<Alertmanager> alertmanagers) {
        this(alertmanagers, List.of());
    }

    /** One {@code alertmanagers} entry. */
    public record Alertmanager(
            String scheme, String pathPrefix, Duration timeout, String apiVersion, List<StaticConfig> staticConfigs) {
        public Alertmanager {
            staticConfigs = List.copyOf(staticConfigs);
        }

        /** The alerts endpoint of every static target, e.g. {@code http://host:9093/api/v2/alerts}. */
        public List<String> alertsUrls() {
            String prefix = pathPrefix.endsWith("/") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
            return staticConfigs.stream()
                    .flatMap(s -> s.targets().stream())
                    .map(t -> scheme + "://" + t + prefix + "/api/" + apiVersion + "/alerts")
                    .toList();
        }
    }
}
