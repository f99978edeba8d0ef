package io.pharos.model.template;


import io.pharos.model.json.GoJsonString;
import java.util.List;
import java.util.Map;

/** {@code toJson}: Go's {@code json.Marshal} of template values (sorted map keys, HTML-safe escapes). */
public final class Json {
    private Json() {
    }

    public static String write(Object v) throws TemplateException {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    private static void write(Object v, StringBuilder sb) throws TemplateException {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(s, sb);
        } else if (v instanceof SafeHtml h) {
            string(h.text(), sb);
        } else if (v instanceof Boolean || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new TemplateException("json: unsupported value: " + GoFmt.formatFloat(d, 'g', -1));
            }
            double a = Math.abs(d);
            boolean exp = a != 0 && (a < 1e-6 || a >= 1e21);
            String f = GoFmt.formatFloat(d, exp ? 'e' : 'f', -1);
            if (exp) {
                // Go writes e-07 as e-7
                f = f.replaceAll("e([+-])0(\\d)$", "e$1$2");
            }
            sb.append(f);
        } else if (v instanceof GoTime t) {
            string(GoTime.rfc3339Nano(t.instant()), sb);
        } else if (v instanceof GoDuration d) {
            sb.append(d.nanos());
        } else if (v instanceof KV kv) {
            object(kv.map(), sb);
        } else if (v instanceof Pairs.Pair p) {
            sb.append("{\"Name\":");
            string(p.name(), sb);
            sb.append(",\"Value\":");
            string(p.value(), sb);
            sb.append('}');
        } else if (v instanceof GoObject g && g.jsonFields() != null) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : g.jsonFields()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(e.getKey(), sb);
                sb.append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(l.get(i), sb);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            object(m, sb);
        } else {
            throw new TemplateException("json: unsupported type: " + Values.typeName(v));
        }
    }

    private static void object(Map<?, ?> m, StringBuilder sb) throws TemplateException {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : Values.sortedEntries(m)) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(String.valueOf(e.getKey()), sb);
            sb.append(':');
            write(e.getValue(), sb);
        }
        sb.append('}');
    }

    private static void string(String s, StringBuilder sb) {
        GoJsonString.append(sb, s);
    }
}
