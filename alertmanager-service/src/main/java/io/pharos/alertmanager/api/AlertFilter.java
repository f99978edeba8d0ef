package io.pharos.alertmanager.api;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertState;
import io.pharos.alertmanager.alert.AlertStatus;
import io.pharos.alertmanager.matcher.MatcherParser;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The query parameters of {@code GET /api/v2/alerts} and {@code GET /api/v2/alerts/groups}, as
 * amtool sends them: {@code filter} matchers, {@code receiver} (an anchored regex), and the state
 * switches {@code active}, {@code silenced}, {@code inhibited}, {@code unprocessed}, which all
 * default to true (show).
 */
final class AlertFilter {
    private final List<Matcher> matchers;
    private final Pattern receiver;
    private final boolean active;
    private final boolean silenced;
    private final boolean inhibited;
    private final boolean unprocessed;

    private AlertFilter(List<Matcher> matchers, Pattern receiver, boolean active, boolean silenced, boolean inhibited,
            boolean unprocessed) {
        this.matchers = matchers;
        this.receiver = receiver;
        this.active = active;
        this.silenced = silenced;
        this.inhibited = inhibited;
        this.unprocessed = unprocessed;
    }

    /** Throws {@link IllegalArgumentException} with the API's message for a bad matcher or receiver regex. */
    static AlertFilter of(List<String> filter, String receiver, boolean active, boolean silenced, boolean inhibited,
            boolean unprocessed) {
        List<Matcher> matchers = new ArrayList<>();
        if (filter != null) {
            for (String f : filter) {
                matchers.addAll(MatcherParser.parseAll(f));
            }
        }
        Pattern receiverPattern = null;
        if (receiver != null) {
            try {
                receiverPattern = Pattern.compile("^(?:" + receiver + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("failed to parse receiver param: " + e.getDescription());
            }
        }
        return new AlertFilter(matchers, receiverPattern, active, silenced, inhibited, unprocessed);
    }

    /** Whether any of the receivers matches the {@code receiver} parameter (always, without one). */
    boolean receiverMatches(List<String> receivers) {
        return receiver == null || receivers.stream().anyMatch(r -> receiver.matcher(r).matches());
    }

    boolean receiverMatches(String receiverName) {
        return receiver == null || receiver.matcher(receiverName).matches();
    }

    /** Alertmanager's alert filter: not ended, state switches, then the label matchers. */
    boolean test(Alert a, AlertStatus status, Instant now) {
        if (a.endsAt() != null && a.endsAt().isBefore(now)) {
            return false;
        }
        if (!active && status.state() == AlertState.ACTIVE) {
            return false;
        }
        if (!unprocessed && status.state() == AlertState.UNPROCESSED) {
            return false;
        }
        if (!silenced && status.silenced()) {
            return false;
        }
        if (!inhibited && status.inhibited()) {
            return false;
        }
        return matchesLabels(matchers, a.labels());
    }

    /**
     * The API's label semantics: a matcher for the empty value also accepts an absent label, a
     * negative one with an empty value accepts any present label.
     */
    static boolean matchesLabels(List<Matcher> matchers, Labels labels) {
        for (Matcher m : matchers) {
            boolean present = labels.has(m.name());
            if (m.value().isEmpty() && (m.type().isNegative() ? present : !present)) {
                continue;
            }
            if (!m.matches(labels.get(m.name()))) {
                return false;
            }
        }
        return true;
    }
}
