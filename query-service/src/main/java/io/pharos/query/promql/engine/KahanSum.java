package io.pharos.query.promql.engine;

/**
 * Kahan-Babuska (Neumaier) compensated summation, as Prometheus's {@code kahansum.Inc}: a running
 * sum and its compensation, reset when the sum overflows to an infinity.
 */
final class KahanSum {
    double sum;
    double c;

    KahanSum() {
    }

    KahanSum(double sum, double c) {
        this.sum = sum;
        this.c = c;
    }

    void set(double newSum, double newC) {
        sum = newSum;
        c = newC;
    }

    void add(double inc) {
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            c = 0;
        } else if (Math.abs(sum) >= Math.abs(inc)) {
            c += (sum - t) + inc;
        } else {
            c += (inc - t) + sum;
        }
        sum = t;
    }
}
