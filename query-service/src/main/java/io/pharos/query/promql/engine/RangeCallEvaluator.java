package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.ExtendedRange;
import io.pharos.query.promql.ast.Functions;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.PromqlText;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.VectorSelector;
import io.pharos.query.storage.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Calls of functions over a range vector ({@code rate(x[5m])}, {@code max_over_time(q[1h:1m])}):
 * for each input series it slides the window over the steps (two pointers, no copying) and lets
 * the function's {@link RangeFunctions.Kernel} compute the value at each step.
 */
final class RangeCallEvaluator {
    private RangeCallEvaluator() {
    }

    static Steps.VectorSteps evaluate(Evaluator evaluator, Evaluation ev, Call call, int matrixIndex) {
        String name = call.func().name();
        Expr arg = Evaluator.unwrap(call.args().get(matrixIndex));
        int scalarCount = call.args().size() - 1;
        double[][] scalarArgs = new double[scalarCount][];
        Evaluation.Query query = ev.query;

        long range;
        long[] readTimes;
        ExtendedRange extended = ExtendedRange.NONE;
        List<RangeSeries> input;
        long heldBeforeInput = query.held();
        Labels absentLabels = Labels.EMPTY;
        long lookback = ev.lookback();
        if (arg instanceof MatrixSelector ms) {
            VectorSelector vs = ms.selector();
            extended = vs.extendedRange();
            checkExtendedAllowed(extended, name);
            range = SelectorEvaluator.range(ev, ms);
            readTimes = SelectorEvaluator.readTimes(ev, vs, SelectorEvaluator.offset(ev, vs));
            input = select(ev, vs, readTimes, range, extended);
            absentLabels = InstantFunctions.absentLabels(vs.matchers());
        } else if (arg instanceof SubqueryExpr sq) {
            range = SubqueryEvaluator.range(ev, sq);
            readTimes = SubqueryEvaluator.readTimes(ev, sq);
            input = SubqueryEvaluator.evaluate(evaluator, ev, sq);
        } else {
            throw QueryException.execution("function " + name + " needs a range vector, got " + arg);
        }
        // A subquery's result stays held until the call is done (Prometheus evaluates it first).
        long subqueryHeld = query.held() - heldBeforeInput;
        for (int i = 0, j = 0; i < call.args().size(); i++) {
            if (i != matrixIndex) {
                scalarArgs[j++] = ((Steps.ScalarSteps) evaluator.eval(call.args().get(i))).values();
            }
        }

        RangeFunctions.Kernel kernel = RangeFunctions.kernel(name);
        int longest = 0;
        for (RangeSeries s : input) {
            longest = Math.max(longest, s.size());
        }
        RangeFunctions.Context context = new RangeFunctions.Context(ev, call, longest);
        RangeWindow w = new RangeWindow(scalarCount);
        w.rangeMillis = range;
        w.extended = extended;
        long before = extended == ExtendedRange.NONE ? 0 : lookback;
        long after = extended == ExtendedRange.SMOOTHED ? lookback : 0;
        boolean functionDropsName = !name.equals("last_over_time") && !name.equals("first_over_time");
        boolean counterFunction = name.equals("rate") || name.equals("increase");

        int steps = ev.stepCount;
        int accounted = ev.accountedSteps();
        List<StepSeries> out = new ArrayList<>();
        long window = 0;
        for (RangeSeries s : input) {
            ev.checkDeadline();
            long[] ts = s.timestamps();
            w.ts = ts;
            w.vs = s.values();
            double[] values = null;
            boolean[] present = null;
            int lo = 0;
            int hi = 0;
            window = 0; // the previous series' window is released
            for (int i = 0; i < steps; i++) {
                long maxt = readTimes[i];
                long mint = maxt - range;
                long from = mint - before;
                long to = maxt + after;
                if (i > 0 && maxt < readTimes[i - 1]) {
                    lo = 0;
                    hi = 0;
                }
                while (lo < ts.length && ts[lo] <= from) {
                    lo++;
                }
                if (hi < lo) {
                    hi = lo;
                }
                while (hi < ts.length && ts[hi] <= to) {
                    hi++;
                }
                // The window's points are held while the function reads them (each series' output so far too).
                if (i < accounted) {
                    window = hi - lo;
                    if (query.exceeds(query.held() + window)) {
                        throw QueryException.execution(Evaluation.Query.TOO_MANY_SAMPLES);
                    }
                }
                if (lo >= hi) {
                    continue;
                }
                w.lo = lo;
                w.hi = hi;
                w.rangeStart = mint;
                w.rangeEnd = maxt;
                w.stepTime = ev.time(i);
                for (int j = 0; j < scalarCount; j++) {
                    w.args[j] = scalarArgs[j][i];
                }
                w.has = false;
                kernel.apply(w, context);
                if (w.has) {
                    if (values == null) {
                        values = new double[steps];
                        present = new boolean[steps];
                    }
                    values[i] = w.value;
                    present[i] = true;
                }
            }
            if (values != null) {
                long n = 0;
                for (int i = 0; i < accounted; i++) {
                    n += present[i] ? 1 : 0;
                }
                if (query.exceeds(query.held() + window + n)) {
                    throw QueryException.execution(Evaluation.Query.TOO_MANY_SAMPLES);
                }
                query.hold(n);
                out.add(new StepSeries(s.labels(), functionDropsName || s.dropName(), values, present));
                if (counterFunction) {
                    checkCounterName(ev, s.labels(), arg);
                }
            }
        }
        // The last window and the subquery's result are released; the outputs stay (for
        // absent_over_time the series found, as Prometheus counts them before replacing them).
        query.setHeld(query.held() - subqueryHeld);
        if (name.equals("absent_over_time")) {
            return absentOverTime(ev, out, arg instanceof MatrixSelector ? absentLabels : Labels.EMPTY);
        }
        return new Steps.VectorSteps(out);
    }

    /** The series of a range selector, fetched once for every window the steps read. */
    private static List<RangeSeries> select(Evaluation ev, VectorSelector vs, long[] readTimes, long range,
            ExtendedRange extended) {
        if (readTimes.length == 0) {
            return List.of();
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long t : readTimes) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        long lookback = ev.lookback();
        long from = min - range - (extended == ExtendedRange.NONE ? 0 : lookback);
        long to = max + (extended == ExtendedRange.SMOOTHED ? lookback : 0);
        List<RangeSeries> out = new ArrayList<>();
        for (Series s : SelectorEvaluator.sorted(ev.select(vs.matchers(), from + 1, to))) {
            Series clean = SelectorEvaluator.withoutStale(s);
            if (clean.size() > 0) {
                out.add(new RangeSeries(clean.labels(), false, clean.timestamps(), clean.values()));
            }
        }
        return out;
    }

    private static void checkExtendedAllowed(ExtendedRange extended, String name) {
        if (extended == ExtendedRange.ANCHORED && !Functions.ANCHORED_SAFE.contains(name)) {
            throw QueryException.execution("anchored modifier can only be used with: "
                    + String.join(", ", new TreeSet<>(Functions.ANCHORED_SAFE)) + " - not with " + name);
        }
        if (extended == ExtendedRange.SMOOTHED && !Functions.SMOOTHED_SAFE.contains(name)) {
            throw QueryException.execution("smoothed modifier can only be used with: "
                    + String.join(", ", new TreeSet<>(Functions.SMOOTHED_SAFE)) + " - not with " + name);
        }
    }

    private static void checkCounterName(Evaluation ev, Labels labels, Expr arg) {
        String metric = labels.metricName();
        if (!metric.isEmpty() && !metric.endsWith("_total") && !metric.endsWith("_sum") && !metric.endsWith("_count")
                && !metric.endsWith("_bucket")) {
            ev.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: " + PromqlText.quote(metric),
                    arg.position());
        }
    }

    /** absent_over_time: one series, with a 1 at every step where no input series had samples. */
    private static Steps.VectorSteps absentOverTime(Evaluation ev, List<StepSeries> found, Labels labels) {
        int steps = ev.stepCount;
        boolean[] seen = new boolean[steps];
        for (StepSeries s : found) {
            for (int i = 0; i < steps; i++) {
                seen[i] |= s.present[i];
            }
        }
        double[] values = new double[steps];
        boolean[] present = new boolean[steps];
        boolean any = false;
        for (int i = 0; i < steps; i++) {
            if (!seen[i]) {
                values[i] = 1;
                present[i] = true;
                any = true;
            }
        }
        if (!any) {
            return new Steps.VectorSteps(List.of());
        }
        return new Steps.VectorSteps(List.of(new StepSeries(labels, true, values, present)));
    }
}
