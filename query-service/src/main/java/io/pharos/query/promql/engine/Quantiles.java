package io.pharos.query.promql.engine;

import java.util.Arrays;

/** The φ-quantile of a set of values, interpolated as Prometheus's {@code quantile} does. */
final class Quantiles {
    private Quantiles() {
    }

    /**
     * The quantile of {@code values[0..n)}; sorts that part of the array in place (NaNs first, as
     * Prometheus orders them). NaN for no values or a NaN φ, -Inf below 0, +Inf above 1.
     */
    static double quantile(double q, double[] values, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, n);
        double rank = q * (n - 1);
        double lowerIndex = Math.max(0, Math.floor(rank));
        double upperIndex = Math.min(n - 1, lowerIndex + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
    }

    static void sortNaNFirst(double[] values, int n) {
        int nans = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(values[i])) {
                values[nans == 0 ? i : i - nans] = values[i];
            } else {
                nans++;
            }
        }
        // values[0 .. n-nans) now holds the numbers; shift them right and put the NaNs first.
        if (nans > 0) {
            System.arraycopy(values, 0, values, nans, n - nans);
            Arrays.fill(values, 0, nans, Double.NaN);
        }
        Arrays.sort(values, nans, n);
    }
}
