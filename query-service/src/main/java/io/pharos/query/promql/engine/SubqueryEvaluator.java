package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.SubqueryExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * Subqueries {@code expr[range:step]}: the inner expression is evaluated as a range query of its
 * own, whose steps are aligned to absolute time (multiples of the step, the default step when
 * none is given) and cover every window the outer steps read.
 */
final class SubqueryEvaluator {
    private SubqueryEvaluator() {
    }

    static long range(Evaluation ev, SubqueryExpr sq) {
        return ev.duration(sq.rangeMillis(), sq.rangeExpr(), false);
    }

    static long offset(Evaluation ev, SubqueryExpr sq) {
        return ev.duration(sq.offsetMillis(), sq.offsetExpr(), true);
    }

    static long step(Evaluation ev, SubqueryExpr sq) {
        if (sq.stepExpr() != null) {
            return ev.duration(0, sq.stepExpr(), false);
        }
        return sq.stepMillis() != 0 ? sq.stepMillis() : ev.query.options.defaultSubqueryStep().toMillis();
    }

    /** The time each outer step's window ends at, after {@code @} and {@code offset}. */
    static long[] readTimes(Evaluation ev, SubqueryExpr sq) {
        long offset = offset(ev, sq);
        long[] times = new long[ev.stepCount];
        for (int i = 0; i < times.length; i++) {
            times[i] = ev.pinnedTime(sq.atModifier(), sq.atMillis(), ev.time(i)) - offset;
        }
        return times;
    }

    /** The inner expression's series over every inner step the outer windows need. */
    static List<RangeSeries> evaluate(Evaluator evaluator, Evaluation ev, SubqueryExpr sq) {
        long range = range(ev, sq);
        long interval = step(ev, sq);
        long[] times = readTimes(ev, sq);
        if (times.length == 0) {
            return List.of();
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long t : times) {
            first = Math.min(first, t);
            last = Math.max(last, t);
        }
        // The first step after (first - range) on the subquery's grid, as Prometheus aligns it.
        long from = first - range;
        long start = interval * (from / interval);
        if (start <= from) {
            start += interval;
        }
        Evaluation inner = ev.child(start, last, interval);
        Steps steps = evaluator.withEvaluation(inner).eval(sq.expr());
        List<RangeSeries> out = new ArrayList<>();
        if (!(steps instanceof Steps.VectorSteps v)) {
            return out;
        }
        for (StepSeries s : v.series()) {
            int n = s.count();
            if (n == 0) {
                continue;
            }
            long[] ts = new long[n];
            double[] vs = new double[n];
            int j = 0;
            for (int i = 0; i < inner.stepCount; i++) {
                if (s.present[i]) {
                    ts[j] = inner.time(i);
                    vs[j] = s.values[i];
                    j++;
                }
            }
            out.add(new RangeSeries(s.labels, s.dropName, ts, vs));
        }
        return out;
    }
}
