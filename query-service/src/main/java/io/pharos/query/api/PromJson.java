package io.pharos.query.api;

import io.pharos.model.labels.Labels;
import java.math.BigDecimal;

/**
 * Writes JSON exactly as Prometheus's API does: sample values as strings in Go's shortest
 * non-exponent form ({@code "1"}, {@code "0.1"}, {@code "NaN"}, {@code "+Inf"}), timestamps as
 * seconds with millisecond fractions ({@code 1435781451.781}), labels as objects in name order.
 */
public final class PromJson {
    private PromJson() {
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} with Prometheus's spellings of the specials. */
    public static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    public static void timestamp(StringBuilder sb, long millis) {
        if (millis < 0) {
            sb.append('-');
            millis = -millis;
        }
        sb.append(millis / 1000);
        long fraction = millis % 1000;
        if (fraction != 0) {
            sb.append('.');
            if (fraction < 100) {
                sb.append('0');
            }
            if (fraction < 10) {
                sb.append('0');
            }
            sb.append(fraction);
        }
    }

    /** {@code [t,"v"]} */
    public static void point(StringBuilder sb, long t, double v) {
        sb.append('[');
        timestamp(sb, t);
        sb.append(",\"").append(formatValue(v)).append("\"]");
    }

    public static void labels(StringBuilder sb, Labels labels) {
        sb.append('{');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, labels.name(i));
            sb.append(':');
            string(sb, labels.value(i));
        }
        sb.append('}');
    }

    /** A JSON string literal, escaped as Go's encoder escapes it (including <, > and &). */
    public static void string(StringBuilder sb, String s) {
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
