package io.pharos.model.json;

/**
 * A JSON string literal escaped exactly as Go's {@code encoding/json} escapes it, which is what
 * Prometheus's and Alertmanager's APIs and templates produce: besides the usual escapes,
 * {@code <}, {@code >} and {@code &} become {@code \u003c}, {@code \u003e} and {@code \u0026},
 * and U+2028 and U+2029 are escaped too.
 */
public final class GoJsonString {
    private GoJsonString() {
    }

    public static void append(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
