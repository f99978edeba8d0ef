package io.pharos.alertmanager.alert;

import io.pharos.model.labels.Labels;
import io.pharos.model.template.GoFmt;
import java.util.Comparator;
import java.util.TreeSet;

/** Label sets written as Alertmanager writes them in group keys and logs: {@code {a="b", c="d"}}. */
public final class LabelSets {
    /**
     * Alertmanager's order of label sets (Go's {@code LabelSet.Before}): smaller sets first, then
     * label by label over the names of both in order, a set missing a name sorting first, then by value.
     */
    public static final Comparator<Labels> BEFORE = LabelSets::compare;

    private LabelSets() {
    }

    private static int compare(Labels a, Labels b) {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < a.size(); i++) {
            names.add(a.name(i));
            names.add(b.name(i));
        }
        for (String n : names) {
            if (!a.has(n)) {
                return b.has(n) ? -1 : 0;
            }
            if (!b.has(n)) {
                return 1;
            }
            int c = a.get(n).compareTo(b.get(n));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Sorted by name, values quoted as Go's {@code %q} does. */
    public static String format(Labels labels) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(labels.name(i)).append('=');
            appendQuoted(sb, labels.value(i));
        }
        return sb.append('}').toString();
    }

    /** A double-quoted string with Go's {@code strconv.Quote} escapes. */
    public static String quote(String s) {
        return GoFmt.quote(s);
    }

    static void appendQuoted(StringBuilder sb, String s) {
        sb.append(GoFmt.quote(s));
    }
}
