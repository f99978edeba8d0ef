package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.ExtendedRange;

/**
 * What a range-vector function sees at one step for one series: the samples {@code [lo, hi)} of
 * the series' arrays, the nominal window {@code (rangeStart, rangeEnd]} (anchored and smoothed
 * windows hold extra samples around it), the step time, and the step's scalar arguments. One
 * instance is reused for every series and step: no objects per window or sample.
 */
final class RangeWindow {
    long[] ts;
    double[] vs;
    int lo;
    int hi;
    long rangeStart;
    long rangeEnd;
    long rangeMillis;
    long stepTime;
    ExtendedRange extended = ExtendedRange.NONE;
    /** The scalar arguments at this step, in call order, without the range argument. */
    final double[] args;

    boolean has;
    double value;

    RangeWindow(int scalarArgs) {
        this.args = new double[scalarArgs];
    }

    int size() {
        return hi - lo;
    }

    double rangeSeconds() {
        return rangeMillis / 1000.0;
    }

    void set(double v) {
        has = true;
        value = v;
    }
}
