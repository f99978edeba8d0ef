package io.pharos.alertmanager.config;

import io.pharos.model.labels.Matcher;
import java.time.Duration;
import java.util.List;

/**
 * One node of the {@code route:} tree as written. Null fields are inherited from the parent
 * (or Alertmanager's defaults at the root) when the route tree is built.
 *
 * @param groupBy label names, or null when not set (inherit); empty when set to {@code []}
 * @param groupByAll {@code group_by: ['...']}: group by all labels
 * @param matchers {@code match}, {@code match_re} and {@code matchers} together, sorted
 */
public record RouteConfig(
        String receiver,
        List<String> groupBy,
        boolean groupByAll,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        List<Matcher> matchers,
        boolean continueMatching,
        List<RouteConfig> routes,
        List<String> muteTimeIntervals,
        List<String> activeTimeIntervals) {

    public RouteConfig {
        groupBy = groupBy == null ? null : List.copyOf(groupBy);
        matchers = List.copyOf(matchers);
        routes = List.copyOf(routes);
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
    }
}
