package io.pharos.query.rules;

import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A named group of rules from one file, evaluated in order on its interval: a rule sees what
 * the rules before it recorded in the same evaluation.
 */
public record RuleGroup(String name, String file, Duration interval, int limit, Duration queryOffset, List<Rule> rules,
        State state) {
    public RuleGroup {
        rules = List.copyOf(rules);
    }

    public RuleGroup(String name, String file, Duration interval, int limit, Duration queryOffset, List<Rule> rules) {
        this(name, file, interval, limit, queryOffset, rules, new State());
    }

    /** What a group carries across evaluations (and reloads): its health and whether the
     * {@code for} state of its alerts was restored after the start. */
    public static final class State {
        private final RuleHealth health = new RuleHealth();
        private volatile boolean restored;
        /** Series of rules a reload removed, to be marked stale at the next evaluation. */
        private final Set<Labels> orphaned = new HashSet<>();

        public RuleHealth health() {
            return health;
        }

        boolean restored() {
            return restored;
        }

        void markRestored() {
            restored = true;
        }

        synchronized void orphan(Set<Labels> series) {
            orphaned.addAll(series);
        }

        /** The orphaned series, forgotten once taken. */
        synchronized Set<Labels> takeOrphaned() {
            Set<Labels> out = Set.copyOf(orphaned);
            orphaned.clear();
            return out;
        }
    }

    /** Identity across reloads, as Prometheus keys groups: file and name. */
    public String key() {
        return file + ";" + name;
    }
}
