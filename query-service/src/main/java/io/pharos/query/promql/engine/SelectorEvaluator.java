package io.pharos.query.promql.engine;

import io.pharos.model.sample.StaleMarker;
import io.pharos.query.promql.ast.AtModifier;
import io.pharos.query.promql.ast.ExtendedRange;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.VectorSelector;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.storage.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Vector and matrix selectors with Prometheus 3.x semantics: an instant selector takes, at each
 * step, a series' newest sample in the left-open window {@code (t - lookback, t]}, unless that
 * sample is a staleness marker; a range selector takes every sample in {@code (t - range, t]}.
 * {@code offset} shifts the window back; {@code @} pins it to a fixed time.
 */
final class SelectorEvaluator {
    private SelectorEvaluator() {
    }

    /** The time a selector reads at for an evaluation time, after {@code @} and {@code offset}. */
    static long effectiveTime(Evaluation ev, long t, AtModifier at, Long atMillis, long offset) {
        long base = switch (at) {
            case TIMESTAMP -> atMillis;
            case START -> ev.start;
            case END -> ev.end;
            case NONE -> t;
        };
        return base - offset;
    }

    static void checkSupported(VectorSelector vs) {
        if (vs.offsetExpr() != null || vs.extendedRange() != ExtendedRange.NONE) {
            throw QueryException.execution("experimental selector modifiers are not supported: " + vs);
        }
    }

    static Steps.VectorSteps vector(Evaluation ev, VectorSelector vs) {
        checkSupported(vs);
        long lookback = ev.options.lookbackDelta().toMillis();
        long[] times = new long[ev.stepCount];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < ev.stepCount; i++) {
            times[i] = effectiveTime(ev, ev.time(i), vs.atModifier(), vs.atMillis(), vs.offsetMillis());
            min = Math.min(min, times[i]);
            max = Math.max(max, times[i]);
        }
        List<Series> series = sorted(ev.select(vs.matchers(), min - lookback + 1, max));
        List<List<Sample>> steps = new ArrayList<>(ev.stepCount);
        for (int i = 0; i < ev.stepCount; i++) {
            steps.add(new ArrayList<>());
        }
        for (Series s : series) {
            for (int i = 0; i < ev.stepCount; i++) {
                long te = times[i];
                int idx = lastAtOrBefore(s.timestamps(), te);
                if (idx < 0 || s.timestamps()[idx] <= te - lookback || StaleMarker.is(s.values()[idx])) {
                    continue;
                }
                steps.get(i).add(new Sample(s.labels(), ev.time(i), s.values()[idx]));
            }
        }
        return new Steps.VectorSteps(steps);
    }

    /** A range selector evaluated at one time: each series' samples in {@code (t - range, t]}. */
    static List<Series> matrix(Evaluation ev, MatrixSelector ms, long t) {
        VectorSelector vs = ms.selector();
        checkSupported(vs);
        if (ms.rangeExpr() != null) {
            throw QueryException.execution("experimental duration expressions are not supported: " + ms);
        }
        long te = effectiveTime(ev, t, vs.atModifier(), vs.atMillis(), vs.offsetMillis());
        long from = te - ms.rangeMillis();
        List<Series> out = new ArrayList<>();
        for (Series s : sorted(ev.select(vs.matchers(), from + 1, te))) {
            Series window = window(s, from, te);
            if (window.size() > 0) {
                out.add(window);
            }
        }
        return out;
    }

    /** The samples of a series in {@code (from, to]}, without staleness markers. */
    static Series window(Series s, long from, long to) {
        long[] ts = s.timestamps();
        int lo = lastAtOrBefore(ts, from) + 1;
        int hi = lastAtOrBefore(ts, to);
        long[] t2 = new long[Math.max(0, hi - lo + 1)];
        double[] v2 = new double[t2.length];
        int n = 0;
        for (int i = lo; i <= hi; i++) {
            if (!StaleMarker.is(s.values()[i])) {
                t2[n] = ts[i];
                v2[n] = s.values()[i];
                n++;
            }
        }
        return new Series(s.labels(), Arrays.copyOf(t2, n), Arrays.copyOf(v2, n));
    }

    /** Index of the last timestamp at or before t, or -1. */
    static int lastAtOrBefore(long[] ts, long t) {
        int lo = 0;
        int hi = ts.length - 1;
        int found = -1;
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

    private static List<Series> sorted(List<Series> series) {
        List<Series> copy = new ArrayList<>(series);
        copy.sort(Comparator.comparing(Series::labels));
        return copy;
    }
}
