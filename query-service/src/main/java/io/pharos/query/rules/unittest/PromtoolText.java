package io.pharos.query.rules.unittest;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.PromqlText;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;

/** How promtool writes values in its test reports, so that Pharos's reports read the same. */
final class PromtoolText {
    private PromtoolText() {
    }

    /** A label set as Prometheus prints one: {@code {__name__="up", job="a"}}, the name included. */
    static String labels(Labels labels) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(PromqlText.labelName(labels.name(i))).append('=').append(PromqlText.quote(labels.value(i)));
        }
        return b.append('}').toString();
    }

    /** Sorted name/value pairs printed as {@link #labels(Labels)} prints a label set. */
    static String pairs(Map<String, String> sorted) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(PromqlText.labelName(e.getKey())).append('=').append(PromqlText.quote(e.getValue()));
        }
        return b.append('}').toString();
    }

    /** Go's {@code strconv.FormatFloat(v, 'E', -1, 64)}: {@code 1.5E+00}, {@code 1E-07}, {@code +Inf}. */
    static String floatE(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        String sign = (v < 0 || (v == 0 && Double.doubleToRawLongBits(v) < 0)) ? "-" : "";
        if (v == 0) {
            return sign + "0E+00";
        }
        BigDecimal d = shortest(Math.abs(v)).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        StringBuilder b = new StringBuilder(sign).append(digits.charAt(0));
        if (digits.length() > 1) {
            b.append('.').append(digits, 1, digits.length());
        }
        b.append('E').append(exp < 0 ? '-' : '+');
        int abs = Math.abs(exp);
        if (abs < 10) {
            b.append('0');
        }
        return b.append(abs).toString();
    }

    /** The fewest significant digits that read back as {@code v}. */
    private static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) {
                return r;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }

    /** A duration as Prometheus's {@code model.Duration} prints it: {@code 1h30m}, {@code 0s}. */
    static String duration(long millis) {
        return PromqlText.formatDuration(millis);
    }

    /** A duration as Go's {@code time.Duration} prints it: {@code 1h0m0s}, {@code 1m30.5s}, {@code 250ms}, {@code 0s}. */
    static String goDuration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long ms = millis;
        if (ms < 0) {
            b.append('-');
            ms = -ms;
        }
        if (ms < 1000) {
            return b.append(ms).append("ms").toString();
        }
        long hours = ms / 3_600_000;
        long minutes = ms / 60_000 % 60;
        long seconds = ms / 1000 % 60;
        long fraction = ms % 1000;
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            b.append(minutes).append('m');
        }
        b.append(seconds);
        if (fraction > 0) {
            String f = String.format("%03d", fraction);
            b.append('.').append(f.replaceAll("0+$", ""));
        }
        return b.append('s').toString();
    }

    /** Every line but the first prefixed with {@code indent}, as promtool indents nested reports. */
    static String indentLines(String lines, String indent) {
        String[] parts = lines.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append(indent);
            }
            b.append(parts[i]);
            if (i != parts.length - 1) {
                b.append('\n');
            }
        }
        return b.toString();
    }
}
