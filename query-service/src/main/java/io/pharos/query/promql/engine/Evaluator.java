package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.NumberLiteral;
import io.pharos.query.promql.ast.ParenExpr;
import io.pharos.query.promql.ast.StringLiteral;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.UnaryExpr;
import io.pharos.query.promql.ast.ValueType;
import io.pharos.query.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Evaluates an expression over all steps of an {@link Evaluation}, dispatching by node kind. */
final class Evaluator {
    private final Evaluation ev;

    Evaluator(Evaluation ev) {
        this.ev = ev;
    }

    Evaluator withEvaluation(Evaluation other) {
        return new Evaluator(other);
    }

    Evaluation evaluation() {
        return ev;
    }

    /** The expression inside any parentheses. */
    static Expr unwrap(Expr e) {
        Expr x = e;
        while (x instanceof ParenExpr p) {
            x = p.expr();
        }
        return x;
    }

    Steps eval(Expr e) {
        ev.checkDeadline();
        if (e instanceof NumberLiteral n) {
            return scalar(n.value());
        }
        if (e instanceof StringLiteral s) {
            return new Steps.StringSteps(s.value());
        }
        if (e instanceof ParenExpr p) {
            return eval(p.expr());
        }
        if (e instanceof VectorSelector vs) {
            return SelectorEvaluator.vector(ev, vs, false);
        }
        if (e instanceof UnaryExpr u) {
            return unary(u);
        }
        if (e instanceof BinaryExpr b) {
            return BinaryEvaluator.evaluate(this, ev, b);
        }
        if (e instanceof Call c) {
            return call(c);
        }
        if (e instanceof AggregateExpr a) {
            return AggregationEvaluator.evaluate(this, ev, a);
        }
        if (e instanceof MatrixSelector || e instanceof SubqueryExpr) {
            throw QueryException.execution("cannot do range evaluation of matrix selector");
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /** The value of a scalar expression at every step. */
    double[] scalarValues(Expr e) {
        return ((Steps.ScalarSteps) eval(e)).values();
    }

    /** The series of an instant-vector expression. */
    List<StepSeries> vectorSeries(Expr e) {
        return ((Steps.VectorSteps) eval(e)).series();
    }

    Steps.ScalarSteps scalar(double v) {
        double[] values = new double[ev.stepCount];
        Arrays.fill(values, v);
        return new Steps.ScalarSteps(values);
    }

    private Steps call(Call c) {
        String name = c.func().name();
        for (int i = 0; i < c.args().size(); i++) {
            if (c.func().argType(i) == ValueType.MATRIX) {
                return RangeCallEvaluator.evaluate(this, ev, c, i);
            }
        }
        return switch (name) {
            case "label_replace" -> LabelFunctions.labelReplace(this, ev, c);
            case "label_join" -> LabelFunctions.labelJoin(this, ev, c);
            case "info" -> InfoFunction.evaluate(this, ev, c);
            case "histogram_quantile", "histogram_fraction", "histogram_quantiles" ->
                    HistogramQuantile.evaluate(this, ev, c);
            default -> InstantFunctions.evaluate(this, ev, c);
        };
    }

    private Steps unary(UnaryExpr u) {
        Steps inner = eval(u.expr());
        if (u.op() == '+') {
            return inner;
        }
        if (inner instanceof Steps.ScalarSteps s) {
            double[] v = new double[s.values().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = -s.values()[i];
            }
            return new Steps.ScalarSteps(v);
        }
        List<StepSeries> in = ((Steps.VectorSteps) inner).series();
        List<StepSeries> out = new ArrayList<>(in.size());
        for (StepSeries s : in) {
            double[] v = new double[s.values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = -s.values[i];
            }
            out.add(new StepSeries(s.labels, true, v, s.present));
        }
        return new Steps.VectorSteps(out);
    }
}
