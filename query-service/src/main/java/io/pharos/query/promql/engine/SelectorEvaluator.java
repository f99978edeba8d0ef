package io.pharos.query.promql.engine;

import io.pharos.model.sample.StaleMarker;
import io.pharos.query.promql.ast.ExtendedRange;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.VectorSelector;
import io.pharos.query.storage.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Vector and matrix selectors with Prometheus 3.x semantics: an instant selector takes, at each
 * step, a series' newest sample in the left-open window {@code (t - lookback, t]}, unless that
 * sample is a staleness marker; a range selector takes every sample in {@code (t - range, t]}.
 * {@code offset} shifts the window back; {@code @} pins it to a fixed time. The experimental
 * {@code smoothed} selector interpolates between the samples around each step, and
 * {@code anchored}/{@code smoothed} range selectors are extended to the range boundaries.
 */
final class SelectorEvaluator {
    private SelectorEvaluator() {
    }

    /** The time each step reads at, after {@code @} and {@code offset}. */
    static long[] readTimes(Evaluation ev, VectorSelector vs, long offset) {
        long[] times = new long[ev.stepCount];
        for (int i = 0; i < times.length; i++) {
            times[i] = ev.pinnedTime(vs.atModifier(), vs.atMillis(), ev.time(i)) - offset;
        }
        return times;
    }

    static long offset(Evaluation ev, VectorSelector vs) {
        return ev.duration(vs.offsetMillis(), vs.offsetExpr(), true);
    }

    static long range(Evaluation ev, MatrixSelector ms) {
        return ev.duration(ms.rangeMillis(), ms.rangeExpr(), false);
    }

    /**
     * An instant vector selector at every step. With {@code timestamps} each value is the
     * timestamp of the selected sample in seconds, as {@code timestamp(selector)} needs.
     */
    static Steps.VectorSteps vector(Evaluation ev, VectorSelector vs, boolean timestamps) {
        if (ev.stepCount == 0) {
            return new Steps.VectorSteps(List.of());
        }
        long[] times = readTimes(ev, vs, offset(ev, vs));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long t : times) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        long lookback = ev.lookback();
        boolean smoothed = vs.extendedRange() == ExtendedRange.SMOOTHED && !timestamps;
        List<Series> selected = sorted(ev.select(vs.matchers(), min - lookback + 1, smoothed ? max + lookback : max));
        List<StepSeries> out = new ArrayList<>(selected.size());
        for (Series s : selected) {
            ev.checkDeadline();
            StepSeries r = smoothed ? smoothedSeries(s, times, lookback)
                    : lookup(s, times, lookback, timestamps ? Read.TIMESTAMP_SECONDS : Read.VALUE);
            if (r != null) {
                out.add(r);
            }
        }
        return new Steps.VectorSteps(out);
    }

    /** What an instant lookup yields: the sample's value, or its timestamp. */
    enum Read { VALUE, TIMESTAMP_SECONDS, TIMESTAMP_MILLIS }

    /**
     * A series looked up at each read time: its newest sample within the lookback delta that is
     * not a staleness marker. Null when no step finds one.
     */
    static StepSeries lookup(Series s, long[] times, long lookback, Read read) {
        long[] ts = s.timestamps();
        double[] vs = s.values();
        int n = times.length;
        double[] values = new double[n];
        boolean[] present = new boolean[n];
        boolean any = false;
        int idx = -1;
        for (int i = 0; i < n; i++) {
            long t = times[i];
            if (i > 0 && t < times[i - 1]) {
                idx = lastAtOrBefore(ts, t);
            } else {
                while (idx + 1 < ts.length && ts[idx + 1] <= t) {
                    idx++;
                }
            }
            if (idx < 0 || ts[idx] <= t - lookback || StaleMarker.is(vs[idx])) {
                continue;
            }
            values[i] = switch (read) {
                case VALUE -> vs[idx];
                case TIMESTAMP_SECONDS -> ts[idx] / 1000.0;
                case TIMESTAMP_MILLIS -> ts[idx];
            };
            present[i] = true;
            any = true;
        }
        return any ? new StepSeries(s.labels(), read == Read.TIMESTAMP_SECONDS, values, present) : null;
    }

    /** The smoothed selector: the value at each step interpolated between its neighbours. */
    private static StepSeries smoothedSeries(Series raw, long[] times, long lookback) {
        Series s = withoutStale(raw);
        long[] ts = s.timestamps();
        double[] vs = s.values();
        int n = times.length;
        double[] values = new double[n];
        boolean[] present = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            long t = times[i];
            int lo = lastAtOrBefore(ts, t - lookback) + 1;
            int hi = lastAtOrBefore(ts, t + lookback) + 1;
            if (lo >= hi) {
                continue;
            }
            int j = lo;
            while (j < hi && ts[j] < t) {
                j++;
            }
            double v;
            if (j < hi && ts[j] == t) {
                v = vs[j];
            } else if (j > lo && j < hi) {
                v = ExtendedRanges.interpolate(ts[j - 1], vs[j - 1], ts[j], vs[j], t, false);
            } else if (j > lo) {
                v = vs[j - 1];
            } else {
                continue;
            }
            values[i] = v;
            present[i] = true;
            any = true;
        }
        return any ? new StepSeries(s.labels(), false, values, present) : null;
    }

    /** A range selector at the start of an instant query: each series' samples in its window. */
    static List<Series> matrix(Evaluation ev, MatrixSelector ms) {
        VectorSelector vs = ms.selector();
        long range = range(ev, ms);
        long maxt = ev.pinnedTime(vs.atModifier(), vs.atMillis(), ev.start) - offset(ev, vs);
        long mint = maxt - range;
        long lookback = ev.lookback();
        long from = mint;
        long to = maxt;
        if (vs.extendedRange() == ExtendedRange.ANCHORED) {
            from -= lookback;
        } else if (vs.extendedRange() == ExtendedRange.SMOOTHED) {
            from -= lookback;
            to += lookback;
        }
        List<Series> out = new ArrayList<>();
        for (Series s : sorted(ev.select(vs.matchers(), from + 1, to))) {
            Series w = window(s, from, to);
            ev.hold(w.size()); // the points read, before any extension of the range, as Prometheus counts them
            if (w.size() == 0) {
                continue;
            }
            if (vs.extendedRange() != ExtendedRange.NONE) {
                w = ExtendedRanges.extend(w, mint, maxt, vs.extendedRange() == ExtendedRange.SMOOTHED);
                if (w.size() == 0) {
                    continue;
                }
            }
            out.add(w);
        }
        return out;
    }

    /** The samples of a series in {@code (from, to]}, without staleness markers. */
    static Series window(Series s, long from, long to) {
        long[] ts = s.timestamps();
        double[] vs = s.values();
        int lo = lastAtOrBefore(ts, from) + 1;
        int hi = lastAtOrBefore(ts, to);
        int cap = Math.max(0, hi - lo + 1);
        long[] t2 = new long[cap];
        double[] v2 = new double[cap];
        int n = 0;
        for (int i = lo; i <= hi; i++) {
            if (!StaleMarker.is(vs[i])) {
                t2[n] = ts[i];
                v2[n] = vs[i];
                n++;
            }
        }
        return new Series(s.labels(), n == cap ? t2 : Arrays.copyOf(t2, n), n == cap ? v2 : Arrays.copyOf(v2, n));
    }

    /** The series without its staleness markers (range functions never see them). */
    static Series withoutStale(Series s) {
        double[] vs = s.values();
        int stale = 0;
        for (double v : vs) {
            if (StaleMarker.is(v)) {
                stale++;
            }
        }
        if (stale == 0) {
            return s;
        }
        long[] ts = s.timestamps();
        long[] t2 = new long[vs.length - stale];
        double[] v2 = new double[t2.length];
        int n = 0;
        for (int i = 0; i < vs.length; i++) {
            if (!StaleMarker.is(vs[i])) {
                t2[n] = ts[i];
                v2[n] = vs[i];
                n++;
            }
        }
        return new Series(s.labels(), t2, v2);
    }

    /** Index of the last timestamp at or before t, or -1. */
    static int lastAtOrBefore(long[] ts, long t) {
        return lastAtOrBefore(ts, 0, ts.length, t);
    }

    /** Index of the last timestamp at or before t within {@code [from, to)}, or {@code from - 1}. */
    static int lastAtOrBefore(long[] ts, int from, int to, long t) {
        int lo = from;
        int hi = to - 1;
        int found = from - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    static List<Series> sorted(List<Series> series) {
        List<Series> copy = new ArrayList<>(series);
        copy.sort(Comparator.comparing(Series::labels));
        return copy;
    }
}
