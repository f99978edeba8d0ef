package io.pharos.alertmanager.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * JSON written with object keys sorted, so that two answers that differ only in key order read
 * the same, and a failed comparison shows a readable diff.
 */
final class Canonical {
    private Canonical() {
    }

    static String of(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        write(n, sb);
        return sb.toString();
    }

    /** Each element canonical, one per line: the form assertions compare. */
    static List<String> each(Iterable<JsonNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(of(n)));
        return out;
    }

    private static void write(JsonNode n, StringBuilder sb) {
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                sorted.put(e.getKey(), e.getValue());
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(quote(e.getKey())).append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(n.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append(n);
        }
    }

    private static String quote(String s) {
        return tools.jackson.databind.node.StringNode.valueOf(s).toString();
    }
}
