package io.pharos.alertmanager.config;

import java.util.List;

/**
 * A named entry of {@code time_intervals:} (or the older {@code mute_time_intervals:}), kept as
 * given until time-based muting is implemented.
 */
public record TimeIntervalConfig(String name, List<Object> timeIntervals) {
    public TimeIntervalConfig {
        timeIntervals = timeIntervals == null ? List.of() : timeIntervals;
    }
}
