package io.pharos.model.config;

import java.time.Duration;
import java.util.List;

/** One {@code file_sd_configs} entry: file patterns (resolved against the config's directory) and the re-read interval. */
public record FileSdConfig(List<String> files, Duration refreshInterval) {
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

    public FileSdConfig {
        files = List.copyOf(files);
    }
}
