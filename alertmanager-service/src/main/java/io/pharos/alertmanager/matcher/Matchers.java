package io.pharos.alertmanager.matcher;

import io.pharos.alertmanager.alert.LabelSets;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** Lists of matchers as Alertmanager orders, evaluates and writes them. */
public final class Matchers {
    /** Alertmanager's order: by name, then value, then type. */
    public static final Comparator<Matcher> ORDER = Comparator.comparing(Matcher::name)
            .thenComparing(Matcher::value)
            .thenComparing(Matcher::type);

    private Matchers() {
    }

    /**
     * A matcher as Alertmanager compiles it: a regex's {@code .} matches anything but a newline,
     * as in Go, where Prometheus 3's (shared-model's {@link Matcher#of}) matches newlines too.
     * Throws {@link java.util.regex.PatternSyntaxException} for a bad regex.
     */
    public static Matcher of(Matcher.Type type, String name, String value) {
        if (!type.isRegex()) {
            return Matcher.of(type, name, value);
        }
        return new Matcher(type, name, value, Pattern.compile("(?:" + value + ")", Pattern.UNIX_LINES));
    }

    public static List<Matcher> sorted(List<Matcher> matchers) {
        List<Matcher> out = new ArrayList<>(matchers);
        out.sort(ORDER);
        return List.copyOf(out);
    }

    /** All matchers match; an absent label reads as the empty value. */
    public static boolean matches(List<Matcher> matchers, Labels labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** One matcher as Alertmanager prints it: {@code name=~"value"}. */
    public static String format(Matcher m) {
        String name = needsQuoting(m.name()) ? LabelSets.quote(m.name()) : m.name();
        StringBuilder sb = new StringBuilder(name).append(m.type().symbol()).append('"');
        for (int i = 0; i < m.value().length(); i++) {
            char c = m.value().charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '"' -> sb.append("\\\"");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A list as Alertmanager prints it in route keys: {@code {a="b",c=~"d"}}. */
    public static String format(List<Matcher> matchers) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < matchers.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(format(matchers.get(i)));
        }
        return sb.append('}').toString();
    }

    private static boolean needsQuoting(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || "{}!=~,\\\"'`".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }
}
