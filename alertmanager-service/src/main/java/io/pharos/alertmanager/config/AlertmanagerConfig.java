package io.pharos.alertmanager.config;

import java.util.List;
import java.util.Optional;

/**
 * A loaded alertmanager.yml.
 *
 * @param original the file as read, which the status API shows with its secrets hidden
 *     ({@link #redacted()})
 */
public record AlertmanagerConfig(
        GlobalConfig global,
        RouteConfig route,
        List<ReceiverConfig> receivers,
        List<InhibitRule> inhibitRules,
        List<TimeIntervalConfig> timeIntervals,
        List<String> templates,
        String original,
        String redacted) {

    public AlertmanagerConfig {
        receivers = List.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
        timeIntervals = List.copyOf(timeIntervals);
        templates = List.copyOf(templates);
    }

    public Optional<ReceiverConfig> receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
