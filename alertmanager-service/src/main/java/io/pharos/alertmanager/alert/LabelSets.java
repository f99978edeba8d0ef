package io.pharos.alertmanager.alert;

import io.pharos.model.labels.Labels;
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
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendQuoted(sb, s);
        return sb.toString();
    }

    static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (cp >= 0x80 && !isPrintable(cp)) {
                        sb.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean isPrintable(int cp) {
        int type = Character.getType(cp);
        return !(Character.isISOControl(cp)
                || type == Character.UNASSIGNED
                || type == Character.SURROGATE
                || type == Character.PRIVATE_USE
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || (type == Character.SPACE_SEPARATOR && cp != ' '));
    }
}
