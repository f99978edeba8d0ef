package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.ParenExpr;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.UnaryExpr;
import io.pharos.query.promql.ast.ValueType;
import io.pharos.query.promql.ast.VectorSelector;
import io.pharos.query.promql.value.Matrix;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Scalar;
import io.pharos.query.promql.value.StringValue;
import io.pharos.query.promql.value.Value;
import io.pharos.query.promql.value.Vector;
import io.pharos.query.storage.Series;
import io.pharos.query.storage.SeriesSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The PromQL engine: instant and range queries over a {@link SeriesSource}, with the semantics of
 * Prometheus 3.x (including delayed {@code __name__} removal and its experimental features).
 * Plain Java, thread-safe: each query has its own state.
 */
public final class Engine {
    private final SeriesSource source;
    private final EngineOptions options;

    public Engine(SeriesSource source, EngineOptions options) {
        this.source = source;
        this.options = options;
    }

    public SeriesSource source() {
        return source;
    }

    public EngineOptions options() {
        return options;
    }

    /** Evaluates at one time: a scalar, string, vector, or (for a range selector or subquery) a matrix. */
    public QueryResult instant(Expr expr, long time) {
        try {
            return evaluateInstant(expr, time);
        } catch (StackOverflowError e) {
            throw tooDeep();
        }
    }

    /** Evaluates at every step from start to end: a matrix sorted by labels, as Prometheus returns it. */
    public QueryResult range(Expr expr, long start, long end, long step) {
        try {
            return evaluateRange(expr, start, end, step);
        } catch (StackOverflowError e) {
            throw tooDeep();
        }
    }

    private static QueryException tooDeep() {
        return QueryException.execution("query is nested too deeply to evaluate");
    }

    private QueryResult evaluateInstant(Expr expr, long time) {
        Evaluation.Query query = new Evaluation.Query(source, options, time, time, 0);
        query.invariantRoots = StepInvariance.roots(expr);
        Evaluation ev = new Evaluation(query, time, time, 0);
        checkDurations(ev, expr);
        Expr unwrapped = Evaluator.unwrap(expr);
        Value value;
        if (unwrapped instanceof MatrixSelector ms) {
            value = new Matrix(SelectorEvaluator.matrix(ev, ms));
        } else if (unwrapped instanceof SubqueryExpr sq) {
            value = new Matrix(subqueryMatrix(SubqueryEvaluator.evaluate(new Evaluator(ev), ev, sq)));
        } else {
            Steps steps = new Evaluator(ev).eval(expr);
            if (steps instanceof Steps.ScalarSteps s) {
                value = new Scalar(time, s.values()[0]);
            } else if (steps instanceof Steps.StringSteps s) {
                value = new StringValue(time, s.value());
            } else {
                List<Sample> samples = new ArrayList<>();
                Set<Labels> seen = new HashSet<>();
                for (StepSeries s : ((Steps.VectorSteps) steps).series()) {
                    if (!s.present[0]) {
                        continue;
                    }
                    Labels labels = s.dropName ? dropMetadata(s.labels) : s.labels;
                    if (!seen.add(labels)) {
                        throw QueryException.execution(Messages.SAME_LABELSET);
                    }
                    samples.add(new Sample(labels, time, s.values[0]));
                }
                value = new Vector(samples);
            }
        }
        return new QueryResult(value, query.warnings, query.annotations.all());
    }

    private QueryResult evaluateRange(Expr expr, long start, long end, long step) {
        if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
            throw new QueryException(QueryException.Kind.BAD_DATA, "invalid expression type \""
                    + expr.type().documentedName() + "\" for range query, must be Scalar or instant Vector");
        }
        Evaluation.Query query = new Evaluation.Query(source, options, start, end, step);
        query.invariantRoots = StepInvariance.roots(expr);
        Evaluation ev = new Evaluation(query, start, end, step);
        checkDurations(ev, expr);
        Steps steps = new Evaluator(ev).eval(expr);
        List<Series> out = new ArrayList<>();
        if (steps instanceof Steps.ScalarSteps s) {
            long[] ts = new long[ev.stepCount];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = ev.time(i);
            }
            if (ts.length > 0) {
                out.add(new Series(Labels.EMPTY, ts, s.values().clone()));
            }
        } else {
            out = toSeriesSorted(cleanupNames(((Steps.VectorSteps) steps).series()), ev);
        }
        return new QueryResult(new Matrix(out), query.warnings, query.annotations.all());
    }

    /** Vector convenience for rules: a scalar result becomes one sample without labels. */
    public Vector instantVector(Expr expr, long time) {
        Value v = instant(expr, time).value();
        if (v instanceof Vector vec) {
            return vec;
        }
        if (v instanceof Scalar s) {
            return new Vector(List.of(new Sample(Labels.EMPTY, s.timestamp(), s.value())));
        }
        throw QueryException.execution("rule result is a " + v.typeName() + ", not a vector or scalar");
    }

    /** The labels without the metric name and the type and unit labels that describe it. */
    static Labels dropMetadata(Labels l) {
        if (!l.has(Labels.METRIC_NAME) && !l.has("__type__") && !l.has("__unit__")) {
            return l;
        }
        return l.without(Labels.METRIC_NAME, "__type__", "__unit__");
    }

    /** Delayed name removal at the end of a query: drop the flagged names, merge what became one series. */
    static List<StepSeries> cleanupNames(List<StepSeries> series) {
        List<StepSeries> out = new ArrayList<>(series.size());
        for (StepSeries s : series) {
            out.add(s.dropName ? s.withLabels(dropMetadata(s.labels), false) : s);
        }
        return LabelFunctions.merge(out);
    }

    /** A subquery's series as an instant query returns them: names dropped, same label sets merged by time. */
    private static List<Series> subqueryMatrix(List<RangeSeries> series) {
        Map<Labels, List<RangeSeries>> byLabels = new LinkedHashMap<>();
        for (RangeSeries s : series) {
            Labels labels = s.dropName() ? dropMetadata(s.labels()) : s.labels();
            byLabels.computeIfAbsent(labels, k -> new ArrayList<>()).add(s);
        }
        List<Series> out = new ArrayList<>(byLabels.size());
        for (Map.Entry<Labels, List<RangeSeries>> e : byLabels.entrySet()) {
            List<RangeSeries> same = e.getValue();
            if (same.size() == 1) {
                out.add(new Series(e.getKey(), same.get(0).timestamps(), same.get(0).values()));
                continue;
            }
            TreeMap<Long, Double> points = new TreeMap<>();
            for (RangeSeries s : same) {
                for (int i = 0; i < s.size(); i++) {
                    if (points.put(s.timestamps()[i], s.values()[i]) != null) {
                        throw QueryException.execution(Messages.SAME_LABELSET);
                    }
                }
            }
            long[] ts = new long[points.size()];
            double[] vs = new double[points.size()];
            int j = 0;
            for (Map.Entry<Long, Double> p : points.entrySet()) {
                ts[j] = p.getKey();
                vs[j++] = p.getValue();
            }
            out.add(new Series(e.getKey(), ts, vs));
        }
        out.sort(Comparator.comparing(Series::labels));
        return out;
    }

    private static List<Series> toSeriesSorted(List<StepSeries> series, Evaluation ev) {
        List<Series> out = new ArrayList<>(series.size());
        for (StepSeries s : series) {
            int n = s.count();
            if (n == 0) {
                continue;
            }
            long[] ts = new long[n];
            double[] vs = new double[n];
            int j = 0;
            for (int i = 0; i < s.values.length; i++) {
                if (s.present[i]) {
                    ts[j] = ev.time(i);
                    vs[j] = s.values[i];
                    j++;
                }
            }
            out.add(new Series(s.labels, ts, vs));
        }
        out.sort(Comparator.comparing(Series::labels));
        return out;
    }

    /** Resolves every duration expression once before evaluating, so a bad one fails the query as Prometheus's preparation does. */
    private static void checkDurations(Evaluation ev, Expr e) {
        if (e instanceof VectorSelector vs) {
            SelectorEvaluator.offset(ev, vs);
        } else if (e instanceof MatrixSelector ms) {
            SelectorEvaluator.range(ev, ms);
            SelectorEvaluator.offset(ev, ms.selector());
        } else if (e instanceof SubqueryExpr sq) {
            SubqueryEvaluator.range(ev, sq);
            SubqueryEvaluator.offset(ev, sq);
            SubqueryEvaluator.step(ev, sq);
            checkDurations(ev, sq.expr());
        } else if (e instanceof ParenExpr p) {
            checkDurations(ev, p.expr());
        } else if (e instanceof UnaryExpr u) {
            checkDurations(ev, u.expr());
        } else if (e instanceof BinaryExpr b) {
            checkDurations(ev, b.lhs());
            checkDurations(ev, b.rhs());
        } else if (e instanceof Call c) {
            for (Expr a : c.args()) {
                checkDurations(ev, a);
            }
        } else if (e instanceof AggregateExpr a) {
            checkDurations(ev, a.expr());
            if (a.param() != null) {
                checkDurations(ev, a.param());
            }
        }
    }
}
