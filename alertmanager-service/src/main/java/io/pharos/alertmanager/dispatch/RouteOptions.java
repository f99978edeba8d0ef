package io.pharos.alertmanager.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The settings a route applies to the alerts it matches, after inheritance from its parents.
 *
 * @param groupBy the label names that form groups (sorted); ignored when {@code groupByAll}
 */
public record RouteOptions(
        String receiver,
        Set<String> groupBy,
        boolean groupByAll,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        List<String> muteTimeIntervals,
        List<String> activeTimeIntervals) {

    /** Alertmanager's defaults for the root route. */
    public static final RouteOptions DEFAULTS = new RouteOptions(
            null, Set.of(), false, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), List.of(), List.of());

    public RouteOptions {
        groupBy = Set.copyOf(groupBy);
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
    }
}
