package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.ParenExpr;
import io.pharos.query.promql.ast.ValueType;
import io.pharos.query.promql.value.Matrix;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Scalar;
import io.pharos.query.promql.value.StringValue;
import io.pharos.query.promql.value.Value;
import io.pharos.query.promql.value.Vector;
import io.pharos.query.storage.Series;
import io.pharos.query.storage.SeriesSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The PromQL engine: instant and range queries over a {@link SeriesSource}. Plain Java, thread-safe. */
public final class Engine {
    private final SeriesSource source;
    private final EngineOptions options;

    public Engine(SeriesSource source, EngineOptions options) {
        this.source = source;
        this.options = options;
    }

    public EngineOptions options() {
        return options;
    }

    /** Evaluates at one time: a scalar, string, vector, or (for a range selector) a matrix. */
    public QueryResult instant(Expr expr, long time) {
        Evaluation ev = new Evaluation(source, options, time, time, 0);
        Expr unwrapped = expr;
        while (unwrapped instanceof ParenExpr p) {
            unwrapped = p.expr();
        }
        if (unwrapped instanceof MatrixSelector ms) {
            return new QueryResult(new Matrix(SelectorEvaluator.matrix(ev, ms, time)), ev.warnings);
        }
        if (expr.type() == ValueType.MATRIX) {
            throw QueryException.execution("subqueries are not supported by this Pharos build yet");
        }
        Steps steps = new Evaluator(ev).eval(expr);
        Value value;
        if (steps instanceof Steps.ScalarSteps s) {
            value = new Scalar(time, s.values()[0]);
        } else if (steps instanceof Steps.StringSteps s) {
            value = new StringValue(time, s.value());
        } else {
            value = new Vector(((Steps.VectorSteps) steps).steps().get(0));
        }
        return new QueryResult(value, ev.warnings);
    }

    /** Evaluates at every step from start to end: a matrix sorted by labels, as Prometheus returns it. */
    public QueryResult range(Expr expr, long start, long end, long step) {
        if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
            throw new QueryException(QueryException.Kind.BAD_DATA, "invalid expression type \""
                    + expr.type().documentedName() + "\" for range query, must be Scalar or instant Vector");
        }
        Evaluation ev = new Evaluation(source, options, start, end, step);
        Steps steps = new Evaluator(ev).eval(expr);
        List<Series> out = new ArrayList<>();
        if (steps instanceof Steps.ScalarSteps s) {
            long[] ts = new long[ev.stepCount];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = ev.time(i);
            }
            out.add(new Series(Labels.EMPTY, ts, s.values().clone()));
        } else {
            Map<Labels, SeriesBuilder> bySeries = new LinkedHashMap<>();
            for (List<Sample> vector : ((Steps.VectorSteps) steps).steps()) {
                for (Sample s : vector) {
                    bySeries.computeIfAbsent(s.labels(), k -> new SeriesBuilder()).add(s.timestamp(), s.value());
                }
            }
            bySeries.forEach((labels, b) -> out.add(b.build(labels)));
            out.sort(Comparator.comparing(Series::labels));
        }
        return new QueryResult(new Matrix(out), ev.warnings);
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

    private static final class SeriesBuilder {
        private long[] ts = new long[16];
        private double[] vs = new double[16];
        private int n;

        void add(long t, double v) {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
            }
            ts[n] = t;
            vs[n] = v;
            n++;
        }

        Series build(Labels labels) {
            return new Series(labels, Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
        }
    }
}
