package io.pharos.query.rules;

import java.time.Duration;
import java.util.List;

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

        public RuleHealth health() {
            return health;
        }

        boolean restored() {
            return restored;
        }

        void markRestored() {
            restored = true;
        }
    }

    /** Identity across reloads, as Prometheus keys groups: file and name. */
    public String key() {
        return file + ";" + name;
    }
}
