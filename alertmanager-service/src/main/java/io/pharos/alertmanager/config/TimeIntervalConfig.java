package io.pharos.alertmanager.config;

import io.pharos.alertmanager.timeinterval.TimeInterval;
import java.util.List;

/**
 * A named entry of {@code time_intervals:} (or the older {@code mute_time_intervals:}): the time
 * is inside when any of its intervals contains it.
 */
public record TimeIntervalConfig(String name, List<TimeInterval> timeIntervals) {
    public TimeIntervalConfig {
        timeIntervals = timeIntervals == null ? List.of() : List.copyOf(timeIntervals);
    }
}
