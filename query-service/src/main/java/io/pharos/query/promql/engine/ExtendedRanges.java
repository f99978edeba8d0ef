package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.ExtendedRange;
import io.pharos.query.storage.Series;

/**
 * The experimental {@code anchored} and {@code smoothed} range selectors of Prometheus 3.x. An
 * anchored window also holds the newest sample before its start (within the lookback delta), so
 * the value at the start is known; a smoothed window interpolates linearly to both boundaries.
 * {@code rate}, {@code increase} and {@code delta} then take the difference between the values at
 * the boundaries, with counter resets corrected, instead of extrapolating.
 */
final class ExtendedRanges {
    private ExtendedRanges() {
    }

    /** Linear interpolation at t between two samples; a counter restarting from zero is modelled. */
    static double interpolate(long t1, double y1, long t2, double y2, long t, boolean isCounter) {
        double start = y1;
        if (isCounter && y2 < y1) {
            start = 0;
        }
        return start + (y2 - start) * (double) (t - t1) / (double) (t2 - t1);
    }

    /** Smallest i in [0, n) with ts[base + i] &gt; t, or n. */
    private static int firstAfter(long[] ts, int base, int n, long t) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[base + mid] > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Smallest i in [0, n) with ts[base + i] &gt;= t, or n. */
    private static int firstAtOrAfter(long[] ts, int base, int n, long t) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[base + mid] >= t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static double left(long[] ts, double[] vs, int first, long rangeStart, boolean smoothed, boolean isCounter) {
        if (smoothed && ts[first] < rangeStart) {
            return interpolate(ts[first], vs[first], ts[first + 1], vs[first + 1], rangeStart, isCounter);
        }
        return vs[first];
    }

    private static double right(long[] ts, double[] vs, int base, int last, long rangeEnd, boolean smoothed,
            boolean isCounter) {
        if (smoothed && last > base && ts[last] > rangeEnd) {
            return interpolate(ts[last - 1], vs[last - 1], ts[last], vs[last], rangeEnd, isCounter);
        }
        return vs[last];
    }

    /**
     * A range selector's samples extended to its boundaries, as an instant query returns an
     * anchored or smoothed range: a point at {@code mint}, the samples inside, a point at {@code maxt}.
     */
    static Series extend(Series s, long mint, long maxt, boolean smoothed) {
        long[] ts = s.timestamps();
        double[] vs = s.values();
        int n = ts.length;
        int last = n - 1;
        int first = Math.max(0, firstAfter(ts, 0, last, mint) - 1);
        if (smoothed) {
            last = firstAtOrAfter(ts, 0, last, maxt);
        }
        if (ts[last] <= mint) {
            return new Series(s.labels(), new long[0], new double[0]);
        }
        double left = left(ts, vs, first, mint, smoothed, false);
        double right = right(ts, vs, 0, last, maxt, smoothed, false);
        if (ts[first] <= mint) {
            first++;
        }
        if (ts[last] >= maxt) {
            last--;
        }
        int inner = Math.max(last - first + 1, 0);
        long[] t2 = new long[inner + 2];
        double[] v2 = new double[inner + 2];
        t2[0] = mint;
        v2[0] = left;
        System.arraycopy(ts, first, t2, 1, inner);
        System.arraycopy(vs, first, v2, 1, inner);
        t2[inner + 1] = maxt;
        v2[inner + 1] = right;
        return new Series(s.labels(), t2, v2);
    }

    /** rate, increase or delta over an anchored or smoothed window. */
    static void rate(RangeWindow w, boolean isCounter, boolean isRate) {
        boolean smoothed = w.extended == ExtendedRange.SMOOTHED;
        long[] ts = w.ts;
        double[] vs = w.vs;
        int base = w.lo;
        int n = w.hi - w.lo;
        int lastRel = n - 1;
        int firstRel = Math.max(0, firstAfter(ts, base, lastRel, w.rangeStart) - 1);
        if (smoothed) {
            lastRel = firstAtOrAfter(ts, base, lastRel, w.rangeEnd);
        }
        int first = base + firstRel;
        int last = base + lastRel;
        if (ts[last] <= w.rangeStart) {
            return;
        }
        if (smoothed && ts[first] > w.rangeEnd) {
            return;
        }
        double left = left(ts, vs, first, w.rangeStart, smoothed, isCounter);
        double right = right(ts, vs, base, last, w.rangeEnd, smoothed, isCounter);
        double result = right - left;
        if (isCounter) {
            if (ts[first] <= w.rangeStart) {
                first++;
            }
            if (ts[last] >= w.rangeEnd) {
                last--;
            }
            double correction = 0;
            double prev = left;
            for (int i = first; i <= last; i++) {
                if (vs[i] < prev) {
                    correction += prev;
                }
                prev = vs[i];
            }
            if (right < prev) {
                correction += prev;
            }
            result += correction;
        }
        if (isRate) {
            result /= w.rangeSeconds();
        }
        w.set(result);
    }

    /**
     * The index of the first sample an anchored {@code changes} or {@code resets} starts from: the
     * newest at or before the window start, or -1 when no sample lies inside the window.
     */
    static int anchoredFirst(RangeWindow w) {
        int n = w.hi - w.lo;
        int lastLE = firstAfter(w.ts, w.lo, n, w.rangeStart) - 1;
        if (lastLE + 1 >= n) {
            return -1;
        }
        return w.lo + Math.max(lastLE, 0);
    }
}
