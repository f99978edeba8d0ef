package io.pharos.query.notifier;

import java.util.List;

/**
 * Where alerting rules hand the alerts that are due to be sent (firing ones to re-send,
 * resolved ones to announce). The service sends them over HTTP ({@link HttpAlertNotifier});
 * an evaluation whose alerts only its caller inspects, such as a rule unit test, discards them.
 */
@FunctionalInterface
public interface AlertNotifier {
    /** Sends nowhere. */
    AlertNotifier DISCARD = alerts -> {
    };

    /** Queues the alerts for delivery; never blocks on the network. */
    void send(List<PostableAlert> alerts);
}
