package io.pharos.alertmanager.inhibit;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertStore;
import io.pharos.alertmanager.config.InhibitRule;
import io.pharos.alertmanager.matcher.Matchers;
import io.pharos.model.labels.Labels;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Applies the config's inhibit rules: an alert that matches a rule's target matchers is muted
 * while a firing alert matches its source matchers and has the same values (an absent label
 * counting as empty) for every label in {@code equal}. An alert that matches both sides of a rule
 * is not inhibited by an alert that also does, so that such alerts cannot mute each other.
 *
 * <p>Each rule keeps the alerts that match its source side, fed by the alert store; one
 * inhibitor serves one config, and {@link #close()} stops it when the config is replaced.
 */
public final class Inhibitor implements AutoCloseable {
    private final List<Rule> rules = new ArrayList<>();
    private final Clock clock;
    private AlertStore.Subscription subscription;

    private static final class Rule {
        final InhibitRule config;
        /** Source alerts by fingerprint, in fingerprint order so the reported inhibitor is stable. */
        final Map<Long, Alert> sources = new ConcurrentSkipListMap<>();

        Rule(InhibitRule config) {
            this.config = config;
        }
    }

    public Inhibitor(List<InhibitRule> rules, Clock clock) {
        this.clock = clock;
        rules.forEach(r -> this.rules.add(new Rule(r)));
    }

    /** Takes every stored alert, then every alert put from now on. */
    public void start(AlertStore store) {
        subscription = store.subscribe(this::observe);
    }

    /** Records an alert as a source of every rule whose source matchers it matches. */
    public void observe(Alert alert) {
        for (Rule r : rules) {
            if (Matchers.matches(r.config.sourceMatchers(), alert.labels())) {
                r.sources.put(alert.fingerprint(), alert);
            }
        }
    }

    /**
     * The fingerprint (16 hex digits) of an alert that inhibits one with these labels now, or
     * empty when nothing does.
     */
    public Optional<String> inhibitedBy(Labels labels) {
        Instant now = clock.instant();
        for (Rule r : rules) {
            if (!Matchers.matches(r.config.targetMatchers(), labels)) {
                continue;
            }
            boolean bothSides = Matchers.matches(r.config.sourceMatchers(), labels);
            for (Alert source : r.sources.values()) {
                if (source.resolvedAt(now) || !equalLabels(r.config.equal(), source.labels(), labels)) {
                    continue;
                }
                if (bothSides && Matchers.matches(r.config.targetMatchers(), source.labels())) {
                    continue;
                }
                return Optional.of(source.fingerprintHex());
            }
        }
        return Optional.empty();
    }

    public boolean mutes(Labels labels) {
        return inhibitedBy(labels).isPresent();
    }

    private static boolean equalLabels(List<String> names, Labels a, Labels b) {
        for (String n : names) {
            if (!a.get(n).equals(b.get(n))) {
                return false;
            }
        }
        return true;
    }

    /** Forgets source alerts that are resolved. */
    public void gc() {
        Instant now = clock.instant();
        for (Rule r : rules) {
            r.sources.values().removeIf(a -> a.resolvedAt(now));
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
