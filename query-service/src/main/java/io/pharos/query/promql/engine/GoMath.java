package io.pharos.query.promql.engine;

/** Go's math functions where Java has none or answers differently. */
final class GoMath {
    private GoMath() {
    }

    static double log2(double x) {
        // Exact for powers of two, as Go's Log2 is.
        if (x > 0 && !Double.isInfinite(x)) {
            int exp = Math.getExponent(x);
            if (x == Math.scalb(1.0, exp)) {
                return exp;
            }
        }
        return Math.log(x) / Math.log(2);
    }

    static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a > 1e8) {
            r = Math.log(a) + Math.log(2);
        } else if (a > 2) {
            r = Math.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
        } else {
            double t = a * a;
            r = Math.log1p(a + t / (1 + Math.sqrt(1 + t)));
        }
        return x < 0 ? -r : r;
    }

    static double acosh(double x) {
        if (x < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return 0;
        }
        if (x >= 1e8) {
            return Math.log(x) + Math.log(2);
        }
        if (x > 2) {
            return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
        }
        double t = x - 1;
        return Math.log1p(t + Math.sqrt(2 * t + t * t));
    }

    static double atanh(double x) {
        if (x < -1 || x > 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (x == -1) {
            return Double.NEGATIVE_INFINITY;
        }
        if (x == 0) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 0.5) {
            double t = a + a;
            r = 0.5 * Math.log1p(t + t * a / (1 - a));
        } else {
            r = 0.5 * Math.log1p((a + a) / (1 - a));
        }
        return x < 0 ? -r : r;
    }

    /** Go's float64 to int64 conversion on amd64: truncation, and MinInt64 for NaN and out of range. */
    static long toInt64(double v) {
        if (Double.isNaN(v) || v >= 9.223372036854775807e18 || v < -9.223372036854775808e18) {
            return Long.MIN_VALUE;
        }
        return (long) v;
    }
}
