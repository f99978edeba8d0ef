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
import io.pharos.query.promql.ast.VectorSelector;
import io.pharos.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Evaluates an expression over all steps of an {@link Evaluation}, dispatching by node kind. */
final class Evaluator {
    private final Evaluation ev;

    Evaluator(Evaluation ev) {
        this.ev = ev;
    }

    Steps eval(Expr e) {
        ev.checkDeadline();
        if (e instanceof NumberLiteral n) {
            double[] v = new double[ev.stepCount];
            Arrays.fill(v, n.value());
            return new Steps.ScalarSteps(v);
        }
        if (e instanceof StringLiteral s) {
            return new Steps.StringSteps(s.value());
        }
        if (e instanceof ParenExpr p) {
            return eval(p.expr());
        }
        if (e instanceof VectorSelector vs) {
            return SelectorEvaluator.vector(ev, vs);
        }
        if (e instanceof UnaryExpr u) {
            return unary(u);
        }
        if (e instanceof BinaryExpr b) {
            return BinaryEvaluator.evaluate(ev, b, eval(b.lhs()), eval(b.rhs()));
        }
        if (e instanceof MatrixSelector || e instanceof SubqueryExpr) {
            throw QueryException.execution("a range vector cannot be evaluated at every step of a range query");
        }
        if (e instanceof Call c) {
            throw QueryException.execution("function \"" + c.func().name() + "\" is not supported by this Pharos build yet");
        }
        AggregateExpr a = (AggregateExpr) e;
        throw QueryException.execution("aggregation \"" + a.op().name().toLowerCase() + "\" is not supported by this Pharos build yet");
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
        List<List<Sample>> out = new ArrayList<>(ev.stepCount);
        for (List<Sample> step : ((Steps.VectorSteps) inner).steps()) {
            List<Sample> negated = new ArrayList<>(step.size());
            for (Sample s : step) {
                negated.add(new Sample(s.labels().withoutMetricName(), s.timestamp(), -s.value()));
            }
            out.add(negated);
        }
        return new Steps.VectorSteps(out);
    }
}
