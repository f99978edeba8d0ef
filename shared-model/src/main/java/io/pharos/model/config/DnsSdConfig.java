package io.pharos.model.config;

import java.time.Duration;
import java.util.List;

/** One {@code dns_sd_configs} entry. {@code port} is used for A and AAAA records only. */
public record DnsSdConfig(List<String> names, Duration refreshInterval, String type, int port) {
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

    public DnsSdConfig {
        names = List.copyOf(names);
    }
}
