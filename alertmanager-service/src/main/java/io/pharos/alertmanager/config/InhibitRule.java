package io.pharos.alertmanager.config;

import io.pharos.model.labels.Matcher;
import java.util.List;

/**
 * An {@code inhibit_rules:} entry, parsed and kept; inhibition itself comes with the full
 * alertmanager issue.
 */
public record InhibitRule(String name, List<Matcher> sourceMatchers, List<Matcher> targetMatchers, List<String> equal) {
    public InhibitRule {
        sourceMatchers = List.copyOf(sourceMatchers);
        targetMatchers = List.copyOf(targetMatchers);
        equal = List.copyOf(equal);
    }
}
