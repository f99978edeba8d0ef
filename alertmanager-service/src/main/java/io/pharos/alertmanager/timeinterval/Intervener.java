package io.pharos.alertmanager.timeinterval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Answers which of a route's named time intervals contain a given time. */
public final class Intervener {
    private final Map<String, List<TimeInterval>> intervals;

    public Intervener(Map<String, List<TimeInterval>> intervals) {
        this.intervals = Map.copyOf(intervals);
    }

    /**
     * The names among {@code names} whose definition contains {@code t}, in the given order.
     * An unknown name is an {@link IllegalArgumentException} (the config loader rejects them).
     */
    public List<String> containing(List<String> names, Instant t) {
        List<String> in = new ArrayList<>();
        for (String name : names) {
            List<TimeInterval> defs = intervals.get(name);
            if (defs == null) {
                throw new IllegalArgumentException("time interval " + name + " doesn't exist in config");
            }
            for (TimeInterval ti : defs) {
                if (ti.contains(t)) {
                    in.add(name);
                }
            }
        }
        return in;
    }
}
