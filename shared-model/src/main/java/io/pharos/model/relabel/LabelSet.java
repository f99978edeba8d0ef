package io.pharos.model.relabel;

import io.pharos.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * A mutable label set that relabeling works on: get, set, delete and iterate over a snapshot,
 * as Prometheus's labels builder allows. Setting an empty value deletes the label.
 */
public final class LabelSet {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    public static LabelSet of(Labels labels) {
        LabelSet s = new LabelSet();
        labels.forEach(s::set);
        return s;
    }

    public String get(String name) {
        int i = names.indexOf(name);
        return i < 0 ? "" : values.get(i);
    }

    public boolean has(String name) {
        return names.contains(name);
    }

    public LabelSet set(String name, String value) {
        int i = names.indexOf(name);
        if (value == null || value.isEmpty()) {
            if (i >= 0) {
                names.remove(i);
                values.remove(i);
            }
            return this;
        }
        if (i >= 0) {
            values.set(i, value);
        } else {
            names.add(name);
            values.add(value);
        }
        return this;
    }

    public LabelSet delete(String name) {
        return set(name, "");
    }

    public int size() {
        return names.size();
    }

    /** The names as they are now; changing the set while walking this list is safe. */
    public List<String> namesSnapshot() {
        return List.copyOf(names);
    }

    public Labels toLabels() {
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < names.size(); i++) {
            b.set(names.get(i), values.get(i));
        }
        return b.build();
    }
}
