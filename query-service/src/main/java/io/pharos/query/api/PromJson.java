package io.pharos.query.api;

import io.pharos.model.labels.Labels;
import io.pharos.model.json.GoJsonString;
import io.pharos.query.promql.ast.PromqlText;
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
        // Most values are integers: print them without the general, slower shortest-digits search.
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && v != 0) {
            return Long.toString((long) v);
        }
        return PromqlText.formatFloat(v);
    }

    /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}, as the rules and alerts APIs print values. */
    public static String formatExponent(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0 ? "-" : "") + "0e+00";
        }
        BigDecimal d = PromqlText.shortest(v).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - d.scale() - 1;
        StringBuilder sb = new StringBuilder();
        if (v < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }

    /** RFC 3339 with nanoseconds as Go prints times; Go's zero time for the epoch-less "never". */
    public static String rfc3339(java.time.Instant t) {
        if (t.equals(java.time.Instant.EPOCH)) {
            return "0001-01-01T00:00:00Z";
        }
        return java.time.format.DateTimeFormatter.ISO_INSTANT.format(t);
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
        GoJsonString.append(sb, s);
    }
}
