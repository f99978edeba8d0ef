package io.pharos.model.textparse;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal floats straight from bytes. The common case (up to 18 significant digits, a
 * small exponent) is computed exactly without allocating; anything else falls back to
 * {@link Double#parseDouble}, so results are always correctly rounded.
 */
final class DecimalParser {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22
    };

    private DecimalParser() {
    }

    /**
     * Whether the bytes are an OpenMetrics realnumber: {@code [sign] digits [. digits] [e [sign] digits]}
     * with at least one digit in the mantissa.
     */
    static boolean isRealNumber(byte[] b, int from, int to) {
        int p = from;
        if (p < to && (b[p] == '+' || b[p] == '-')) {
            p++;
        }
        int digits = 0;
        while (p < to && b[p] >= '0' && b[p] <= '9') {
            p++;
            digits++;
        }
        if (p < to && b[p] == '.') {
            p++;
            while (p < to && b[p] >= '0' && b[p] <= '9') {
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (p < to && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < to && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int exp = 0;
            while (p < to && b[p] >= '0' && b[p] <= '9') {
                p++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return p == to;
    }

    /** The value of bytes already known to be a realnumber. */
    static double parseReal(byte[] b, int from, int to) {
        int p = from;
        boolean negative = false;
        if (b[p] == '+' || b[p] == '-') {
            negative = b[p] == '-';
            p++;
        }
        long mantissa = 0;
        int significant = 0;
        int scale = 0;
        boolean exact = true;
        while (p < to && b[p] >= '0' && b[p] <= '9') {
            if (mantissa == 0 && b[p] == '0') {
                p++;
                continue;
            }
            if (significant < 18) {
                mantissa = mantissa * 10 + (b[p] - '0');
                significant++;
            } else {
                exact = false;
            }
            p++;
        }
        if (p < to && b[p] == '.') {
            p++;
            while (p < to && b[p] >= '0' && b[p] <= '9') {
                if (mantissa == 0 && b[p] == '0') {
                    scale--;
                    p++;
                    continue;
                }
                if (significant < 18) {
                    mantissa = mantissa * 10 + (b[p] - '0');
                    significant++;
                    scale--;
                } else {
                    exact = false;
                }
                p++;
            }
        }
        int exp = 0;
        if (p < to && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            boolean expNegative = false;
            if (b[p] == '+' || b[p] == '-') {
                expNegative = b[p] == '-';
                p++;
            }
            while (p < to) {
                if (exp < 100000) {
                    exp = exp * 10 + (b[p] - '0');
                }
                p++;
            }
            if (expNegative) {
                exp = -exp;
            }
        }
        if (mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        int e10 = scale + exp;
        if (exact && mantissa < (1L << 53) && e10 >= -22 && e10 <= 22) {
            double v = (double) mantissa;
            v = e10 < 0 ? v / POW10[-e10] : v * POW10[e10];
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** Case-insensitive comparison of bytes with an ASCII lower-case word. */
    static boolean equalsIgnoreCase(byte[] b, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
