package io.pharos.query.rules;

import java.time.Duration;
import java.util.List;

/**
 * A named group of rules from one file, evaluated in order on its interval: a rule sees what
 * the rules before it recorded in the same evaluation.
 */
public record RuleGroup(String name, String file, Duration interval, int limit, Duration queryOffset, List<Rule> rules) {
    public RuleGroup {
        rules = List.copyOf(rules);
    }

    /** Identity across reloads, as Prometheus keys groups: file and name. */
    public String key() {
        return file + ";" + name;
    }
}
