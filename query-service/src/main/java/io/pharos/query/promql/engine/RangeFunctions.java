package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.ExtendedRange;
import io.pharos.query.promql.ast.PromqlText;
import java.util.HashMap;
import java.util.Map;

/**
 * The functions over a range vector, each a kernel computing one output value from one series'
 * window at one step ({@link RangeWindow}); {@link RangeCallEvaluator} moves the windows. The
 * numerics follow Prometheus: the extrapolation of {@code rate}, {@code increase} and
 * {@code delta}, Kahan summation in the averages and sums, and the same float special cases.
 */
final class RangeFunctions {

    /** Computes the value for one window; leaves {@link RangeWindow#has} false for no output. */
    interface Kernel {
        void apply(RangeWindow w, Context c);
    }

    /**
     * The call being evaluated, for the kernels that annotate or fail, with scratch space: room for
     * one window's values, and the two results of a linear regression.
     */
    record Context(Evaluation ev, Call call, double[] scratch, double[] regression) {
        Context(Evaluation ev, Call call, int longestWindow) {
            this(ev, call, new double[longestWindow], new double[2]);
        }
    }

    private static final Map<String, Kernel> KERNELS = new HashMap<>();

    static {
        KERNELS.put("rate", (w, c) -> rate(w, true, true));
        KERNELS.put("increase", (w, c) -> rate(w, true, false));
        KERNELS.put("delta", (w, c) -> rate(w, false, false));
        KERNELS.put("irate", (w, c) -> instantValue(w, true));
        KERNELS.put("idelta", (w, c) -> instantValue(w, false));
        KERNELS.put("avg_over_time", (w, c) -> w.set(avg(w)));
        KERNELS.put("sum_over_time", (w, c) -> w.set(sum(w)));
        KERNELS.put("count_over_time", (w, c) -> w.set(w.size()));
        KERNELS.put("present_over_time", (w, c) -> w.set(1));
        KERNELS.put("absent_over_time", (w, c) -> w.set(1));
        KERNELS.put("last_over_time", (w, c) -> w.set(w.vs[w.hi - 1]));
        KERNELS.put("first_over_time", (w, c) -> w.set(w.vs[w.lo]));
        KERNELS.put("ts_of_last_over_time", (w, c) -> w.set(w.ts[w.hi - 1] / 1000.0));
        KERNELS.put("ts_of_first_over_time", (w, c) -> w.set(w.ts[w.lo] / 1000.0));
        KERNELS.put("max_over_time", (w, c) -> compare(w, true, false));
        KERNELS.put("min_over_time", (w, c) -> compare(w, false, false));
        KERNELS.put("ts_of_max_over_time", (w, c) -> compare(w, true, true));
        KERNELS.put("ts_of_min_over_time", (w, c) -> compare(w, false, true));
        KERNELS.put("stddev_over_time", (w, c) -> w.set(Math.sqrt(variance(w))));
        KERNELS.put("stdvar_over_time", (w, c) -> w.set(variance(w)));
        KERNELS.put("quantile_over_time", RangeFunctions::quantileOverTime);
        KERNELS.put("mad_over_time", RangeFunctions::madOverTime);
        KERNELS.put("changes", (w, c) -> changes(w, false));
        KERNELS.put("resets", (w, c) -> changes(w, true));
        KERNELS.put("deriv", RangeFunctions::deriv);
        KERNELS.put("predict_linear", RangeFunctions::predictLinear);
        KERNELS.put("double_exponential_smoothing", RangeFunctions::doubleExponentialSmoothing);
        KERNELS.put("holt_winters", RangeFunctions::doubleExponentialSmoothing);
    }

    private RangeFunctions() {
    }

    static Kernel kernel(String name) {
        return KERNELS.get(name);
    }

    static boolean isRangeFunction(String name) {
        return KERNELS.containsKey(name);
    }

    /** Prometheus's extrapolated rate: the increase between the first and last sample, stretched towards the window edges. */
    private static void rate(RangeWindow w, boolean isCounter, boolean isRate) {
        if (w.extended != ExtendedRange.NONE) {
            ExtendedRanges.rate(w, isCounter, isRate);
            return;
        }
        int n = w.size();
        if (n < 2) {
            return;
        }
        long[] ts = w.ts;
        double[] vs = w.vs;
        int first = w.lo;
        int last = w.hi - 1;
        double result = vs[last] - vs[first];
        if (isCounter) {
            for (int i = first + 1; i <= last; i++) {
                if (vs[i] < vs[i - 1]) {
                    result += vs[i - 1];
                }
            }
        }
        long firstT = ts[first];
        long lastT = ts[last];
        double durationToStart = (firstT - w.rangeStart) / 1000.0;
        double durationToEnd = (w.rangeEnd - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double averageDurationBetweenSamples = sampledInterval / (n - 1);
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        if (durationToStart >= extrapolationThreshold) {
            durationToStart = averageDurationBetweenSamples / 2;
        }
        if (isCounter) {
            // A counter cannot go below zero: extrapolate no further back than where it would hit zero.
            double durationToZero = durationToStart;
            if (result > 0 && vs[first] >= 0) {
                durationToZero = sampledInterval * (vs[first] / result);
            }
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= extrapolationThreshold) {
            durationToEnd = averageDurationBetweenSamples / 2;
        }
        double factor = 1.0;
        if (sampledInterval != 0) {
            factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        }
        if (isRate) {
            factor /= w.rangeSeconds();
        }
        w.set(result * factor);
    }

    /** irate and idelta: from the last two samples only. */
    private static void instantValue(RangeWindow w, boolean isRate) {
        if (w.size() < 2) {
            return;
        }
        int last = w.hi - 1;
        long interval = w.ts[last] - w.ts[last - 1];
        if (interval == 0) {
            return;
        }
        double v1 = w.vs[last];
        double v0 = w.vs[last - 1];
        double result = v1;
        if (!isRate || !(v1 < v0)) {
            result = v1 - v0;
        }
        if (isRate) {
            result /= interval / 1000.0;
        }
        w.set(result);
    }

    private static double avg(RangeWindow w) {
        double[] vs = w.vs;
        KahanSum k = new KahanSum(vs[w.lo], 0);
        double count = 1;
        double mean = 0;
        boolean incrementalMean = false;
        for (int i = w.lo + 1; i < w.hi; i++) {
            double f = vs[i];
            count = i - w.lo + 1;
            if (!incrementalMean) {
                double oldSum = k.sum;
                double oldC = k.c;
                k.add(f);
                if (!Double.isInfinite(k.sum)) {
                    continue;
                }
                // The sum would overflow: from here on compute the mean incrementally.
                incrementalMean = true;
                mean = oldSum / (count - 1);
                k.set(0, oldC / (count - 1));
            }
            double q = (count - 1) / count;
            k.set(q * mean, q * k.c);
            k.add(f / count);
            mean = k.sum;
        }
        if (incrementalMean) {
            return mean + k.c;
        }
        return k.sum / count + k.c / count;
    }

    private static double sum(RangeWindow w) {
        KahanSum k = new KahanSum();
        for (int i = w.lo; i < w.hi; i++) {
            k.add(w.vs[i]);
        }
        if (Double.isInfinite(k.sum)) {
            return k.sum;
        }
        return k.sum + k.c;
    }

    private static void compare(RangeWindow w, boolean max, boolean timestamp) {
        double best = w.vs[w.lo];
        long bestT = w.ts[w.lo];
        for (int i = w.lo; i < w.hi; i++) {
            double f = w.vs[i];
            boolean take;
            if (timestamp) {
                take = (max ? f >= best : f <= best) || Double.isNaN(best);
            } else {
                take = (max ? f > best : f < best) || Double.isNaN(best);
            }
            if (take) {
                best = f;
                bestT = w.ts[i];
            }
        }
        w.set(timestamp ? bestT / 1000.0 : best);
    }

    private static double variance(RangeWindow w) {
        double count = 0;
        KahanSum mean = new KahanSum();
        KahanSum aux = new KahanSum();
        for (int i = w.lo; i < w.hi; i++) {
            double f = w.vs[i];
            count++;
            double delta = f - (mean.sum + mean.c);
            mean.add(delta / count);
            aux.add(delta * (f - (mean.sum + mean.c)));
        }
        return (aux.sum + aux.c) / count;
    }

    private static double[] scratch(Context c, int n) {
        double[] s = c.scratch();
        return s.length >= n ? s : new double[n];
    }

    private static void quantileOverTime(RangeWindow w, Context c) {
        double q = w.args[0];
        if (Double.isNaN(q) || q < 0 || q > 1) {
            c.ev().warn("quantile value should be between 0 and 1, got " + Messages.g(q), c.call().args().get(0).position());
        }
        int n = w.size();
        double[] values = scratch(c, n);
        System.arraycopy(w.vs, w.lo, values, 0, n);
        w.set(Quantiles.quantile(q, values, n));
    }

    private static void madOverTime(RangeWindow w, Context c) {
        int n = w.size();
        double[] values = scratch(c, n);
        for (int i = 0; i < n; i++) {
            double f = w.vs[w.lo + i];
            if (Double.isNaN(f)) {
                w.set(Double.NaN);
                return;
            }
            values[i] = f;
        }
        double median = Quantiles.quantile(0.5, values, n);
        for (int i = 0; i < n; i++) {
            values[i] = Math.abs(values[i] - median);
        }
        w.set(Quantiles.quantile(0.5, values, n));
    }

    /** changes, or resets (a decrease between neighbours); anchored windows start at the sample before the range. */
    private static void changes(RangeWindow w, boolean resets) {
        int first = w.lo;
        if (w.extended == ExtendedRange.ANCHORED) {
            first = ExtendedRanges.anchoredFirst(w);
            if (first < 0) {
                return;
            }
        }
        int count = 0;
        double prev = w.vs[first];
        for (int i = first + 1; i < w.hi; i++) {
            double cur = w.vs[i];
            if (resets) {
                if (cur < prev) {
                    count++;
                }
            } else if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                count++;
            }
            prev = cur;
        }
        w.set(count);
    }

    /** Least-squares slope and intercept, the intercept at {@code interceptTime}; {@code out[0]} slope, {@code out[1]} intercept. */
    static void linearRegression(RangeWindow w, long interceptTime, double[] out) {
        double n = 0;
        KahanSum sumX = new KahanSum();
        KahanSum sumY = new KahanSum();
        KahanSum sumXY = new KahanSum();
        KahanSum sumX2 = new KahanSum();
        double initY = w.vs[w.lo];
        boolean constY = true;
        for (int i = w.lo; i < w.hi; i++) {
            double f = w.vs[i];
            if (constY && i > w.lo && f != initY) {
                constY = false;
            }
            n += 1.0;
            double x = (w.ts[i] - interceptTime) / 1e3;
            sumX.add(x);
            sumY.add(f);
            sumXY.add(x * f);
            sumX2.add(x * x);
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                out[0] = Double.NaN;
                out[1] = Double.NaN;
            } else {
                out[0] = 0;
                out[1] = initY;
            }
            return;
        }
        double sx = sumX.sum + sumX.c;
        double sy = sumY.sum + sumY.c;
        double sxy = sumXY.sum + sumXY.c;
        double sx2 = sumX2.sum + sumX2.c;
        double covXY = sxy - sx * sy / n;
        double varX = sx2 - sx * sx / n;
        double slope = covXY / varX;
        out[0] = slope;
        out[1] = sy / n - slope * sx / n;
    }

    private static void deriv(RangeWindow w, Context c) {
        if (w.size() < 2) {
            return;
        }
        double[] out = c.regression();
        linearRegression(w, w.ts[w.lo], out);
        w.set(out[0]);
    }

    private static void predictLinear(RangeWindow w, Context c) {
        if (w.size() < 2) {
            return;
        }
        double duration = w.args[0];
        double[] out = c.regression();
        linearRegression(w, w.stepTime, out);
        w.set(out[0] * duration + out[1]);
    }

    private static void doubleExponentialSmoothing(RangeWindow w, Context c) {
        double sf = w.args[0];
        double tf = w.args[1];
        if (sf <= 0 || sf >= 1) {
            throw QueryException.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: " + PromqlText.formatFixed6(sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw QueryException.execution("invalid trend factor. Expected: 0 < tf < 1, got: " + PromqlText.formatFixed6(tf));
        }
        int l = w.size();
        if (l < 2) {
            return;
        }
        double[] vs = w.vs;
        double s0 = 0;
        double s1 = vs[w.lo];
        double b = vs[w.lo + 1] - vs[w.lo];
        for (int i = 1; i < l; i++) {
            double x = sf * vs[w.lo + i];
            if (i - 1 != 0) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        w.set(s1);
    }
}
