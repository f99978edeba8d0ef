package io.pharos.model.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's view of template values: which are true, how they print ({@code fmt}'s {@code %v}), how
 * they compare, and the conversions functions apply to their arguments.
 */
public final class Values {
    private Values() {
    }

    /** Go's truth: false, 0, nil, and empty strings, lists and maps are false; everything else is true. */
    public static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof SafeHtml h) {
            return !h.text().isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof KV kv) {
            return kv.size() > 0;
        }
        if (v instanceof GoDuration d) {
            return d.nanos() != 0;
        }
        return true;
    }

    /** {@code fmt.Sprint} of one value ({@code %v}). */
    public static String format(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            return GoFmt.formatFloat(d, 'g', -1);
        }
        if (v instanceof Long || v instanceof Boolean || v instanceof SafeHtml) {
            return v.toString();
        }
        if (v instanceof KV || v instanceof Pairs || v instanceof GoTime || v instanceof GoDuration) {
            return v.toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(format(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : sortedEntries(m)) {
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                sb.append(format(e.getKey())).append(':').append(format(e.getValue()));
            }
            return sb.append(']').toString();
        }
        return v.toString();
    }

    public static List<Map.Entry<?, ?>> sortedEntries(Map<?, ?> m) {
        Map<Object, Object> sorted = new TreeMap<>((a, b) -> compareKeys(a, b));
        sorted.putAll(m);
        return new ArrayList<>(sorted.entrySet());
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** The Go type name of a value, for error messages. */
    public static String typeName(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof SafeHtml) {
            return "template.HTML";
        }
        if (v instanceof GoObject o) {
            return o.goType();
        }
        if (v instanceof List<?>) {
            return "[]interface {}";
        }
        if (v instanceof Map<?, ?>) {
            return "map[string]interface {}";
        }
        return v.getClass().getSimpleName();
    }

    public static String string(Object v, String fn) throws TemplateException {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof SafeHtml h) {
            return h.text();
        }
        throw new TemplateException("wrong type for value; expected string; got " + typeName(v) + " in " + fn);
    }

    public static long integer(Object v, String fn) throws TemplateException {
        if (v instanceof Long l) {
            return l;
        }
        throw new TemplateException("wrong type for value; expected int; got " + typeName(v) + " in " + fn);
    }

    public static List<String> stringList(Object v, String fn) throws TemplateException {
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(string(o, fn));
            }
            return out;
        }
        throw new TemplateException("wrong type for value; expected []string; got " + typeName(v) + " in " + fn);
    }

    // ---- comparisons (eq, ne, lt, ...) ------------------------------------------------------

    private enum Kind { BOOL, INT, FLOAT, STRING, OTHER }

    private static Kind kind(Object v) {
        if (v instanceof Boolean) {
            return Kind.BOOL;
        }
        if (v instanceof Long) {
            return Kind.INT;
        }
        if (v instanceof Double) {
            return Kind.FLOAT;
        }
        if (v instanceof String || v instanceof SafeHtml) {
            return Kind.STRING;
        }
        return Kind.OTHER;
    }

    /** Go's {@code eq} for two values of basic kinds. */
    public static boolean equal(Object a, Object b) throws TemplateException {
        if (a == null || b == null) {
            if (a == null && b == null) {
                return true;
            }
            Object other = a == null ? b : a;
            if (kind(other) != Kind.OTHER) {
                throw new TemplateException("incompatible types for comparison");
            }
            return false;
        }
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka != kb) {
            throw new TemplateException("incompatible types for comparison");
        }
        return switch (ka) {
            case BOOL, INT, FLOAT -> a.equals(b);
            case STRING -> a.toString().equals(b.toString());
            default -> {
                if (a instanceof GoTime || a instanceof GoDuration) {
                    yield a.equals(b);
                }
                throw new TemplateException("invalid type for comparison");
            }
        };
    }

    /** Go's {@code lt}: negative, zero or positive. */
    public static int compare(Object a, Object b) throws TemplateException {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == Kind.OTHER || ka == Kind.BOOL) {
            throw new TemplateException("invalid type for comparison");
        }
        if (ka != kb) {
            throw new TemplateException("incompatible types for comparison");
        }
        return switch (ka) {
            case INT -> Long.compare((Long) a, (Long) b);
            case FLOAT -> Double.compare((Double) a, (Double) b);
            default -> a.toString().compareTo(b.toString());
        };
    }
}
