package io.pharos.query.notifier;

import io.pharos.query.api.PromJson;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An alert's (or an alerting rule's) annotations, sorted by name. Unlike
 * {@link io.pharos.model.labels.Labels} an empty value is kept: Prometheus keeps an annotation
 * whose template renders to nothing, shows it in its API and posts it to Alertmanager.
 */
public record Annotations(SortedMap<String, String> values) {
    public static final Annotations EMPTY = new Annotations(new TreeMap<>());

    public Annotations {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    public static Annotations of(Map<String, String> map) {
        return new Annotations(new TreeMap<>(map));
    }

    /** Annotations from alternating names and values. */
    public static Annotations of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("annotations need name/value pairs, got an odd count");
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Annotations(m);
    }

    /** The value, or "" when absent. */
    public String get(String name) {
        return values.getOrDefault(name, "");
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public void forEach(BiConsumer<String, String> action) {
        values.forEach(action);
    }

    /** As a JSON object, in name order, as Prometheus writes annotations. */
    public void appendJson(StringBuilder sb) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            PromJson.string(sb, e.getKey());
            sb.append(':');
            PromJson.string(sb, e.getValue());
        }
        sb.append('}');
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
