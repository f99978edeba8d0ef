package io.pharos.query.promql.engine;

import io.pharos.model.sample.StaleMarker;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Go's float parsing and formatting where Prometheus's texts depend on them, and its test tolerance. */
final class GoFloat {
    private static final double MIN_NORMAL = 2.2250738585072014e-308;

    private GoFloat() {
    }

    /** Go's {@code strconv.ParseFloat(s, 64)}: decimal or hex, Inf/Infinity/NaN in any case, nothing else. */
    static double parse(String s) {
        if (s.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        String body = lower;
        boolean negative = false;
        if (body.charAt(0) == '+' || body.charAt(0) == '-') {
            negative = body.charAt(0) == '-';
            body = body.substring(1);
        }
        if (body.equals("inf") || body.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.equals("nan") && lower.length() == 3) {
            return Double.NaN;
        }
        boolean hex = body.startsWith("0x");
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-'
                    || (hex ? (c >= 'a' && c <= 'f') || c == 'x' || c == 'p' : c == 'e');
            if (!ok) {
                throw new NumberFormatException(s);
            }
        }
        if (hex && !body.contains("p")) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(s);
    }

    /** Go's {@code %.<prec>g}: that many significant digits, trailing zeros dropped, exponent form for large or small values. */
    static String formatG(double v, int prec) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(Math.abs(v)).round(new MathContext(prec, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= prec) {
            StringBuilder b = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                b.append('0');
            }
            return b.append(ae).toString();
        }
        return sign + d.toPlainString();
    }

    /**
     * Prometheus's {@code almost.Equal}: equal, both NaN (a staleness marker only equals another),
     * or within a relative tolerance; against zero the difference must be below epsilon times the
     * smallest normal float.
     */
    static boolean almostEqual(double a, double b, double epsilon) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            boolean sa = StaleMarker.is(a);
            boolean sb = StaleMarker.is(b);
            return sa == sb;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < MIN_NORMAL) {
            return diff < epsilon * MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }
}
