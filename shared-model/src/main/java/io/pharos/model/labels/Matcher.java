package io.pharos.model.labels;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A label matcher as PromQL writes it: {@code name="v"}, {@code !=}, {@code =~}, {@code !~}.
 * Regexes are fully anchored and {@code .} matches newlines, as in Prometheus 3.x.
 */
public record Matcher(Type type, String name, String value, Pattern pattern) {

    public enum Type {
        EQ("="), NEQ("!="), RE("=~"), NRE("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean isRegex() {
            return this == RE || this == NRE;
        }

        public boolean isNegative() {
            return this == NEQ || this == NRE;
        }

        public static Type fromSymbol(String s) {
            for (Type t : values()) {
                if (t.symbol.equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown matcher type: " + s);
        }
    }

    public Matcher {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * A matcher; a regex that does not compile throws {@link java.util.regex.PatternSyntaxException}.
     */
    public static Matcher of(Type type, String name, String value) {
        Pattern p = type.isRegex() ? Pattern.compile("(?:" + value + ")", Pattern.DOTALL) : null;
        return new Matcher(type, name, value, p);
    }

    public static Matcher equal(String name, String value) {
        return of(Type.EQ, name, value);
    }

    /** Whether a label value (empty when the label is absent) is matched. */
    public boolean matches(String v) {
        return switch (type) {
            case EQ -> value.equals(v);
            case NEQ -> !value.equals(v);
            case RE -> pattern.matcher(v).matches();
            case NRE -> !pattern.matcher(v).matches();
        };
    }

    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    /** Whether the empty value is matched: such a matcher also selects series without the label. */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(type.symbol).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
