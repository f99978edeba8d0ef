package io.pharos.collector.discovery;

import io.pharos.model.labels.Labels;
import java.util.List;

/**
 * A set of targets found by one discovery mechanism, with labels shared by all of them.
 * {@code source} identifies the group within its mechanism: a later group with the same
 * source replaces it, an empty one removes it.
 */
public record TargetGroup(String source, List<Labels> targets, Labels labels) {
    public TargetGroup {
        targets = List.copyOf(targets);
    }
}
