package io.pharos.model.config;

import io.pharos.model.labels.Labels;
import java.time.Duration;

/** The {@code global} section, with Prometheus's defaults. */
public record GlobalConfig(
        Duration scrapeInterval, Duration scrapeTimeout, Duration evaluationInterval, Labels externalLabels) {

    public static final GlobalConfig DEFAULT =
            new GlobalConfig(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(1), Labels.EMPTY);
}
