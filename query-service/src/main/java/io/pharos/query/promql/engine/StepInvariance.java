package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.AtModifier;
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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The subexpressions whose value is the same at every step (pinned by {@code @}), at the highest
 * level where that holds: Prometheus evaluates each of them at one step and copies the result to
 * the others, so the samples it holds while doing so are those of one step. Pharos computes every
 * step, but counts held samples as Prometheus does ({@link Evaluator}).
 */
final class StepInvariance {
    /** Functions whose result depends on the evaluation time even when their arguments do not. */
    private static final Set<String> TIME_DEPENDENT = Set.of("days_in_month", "day_of_month", "day_of_week",
            "day_of_year", "end", "hour", "minute", "month", "year", "predict_linear", "range", "start", "step", "time",
            "timestamp");

    private record Visit(boolean invariant, boolean wrap) {
    }

    private StepInvariance() {
    }

    /** The roots of the step-invariant subexpressions of {@code e}, by identity. */
    static Set<Expr> roots(Expr e) {
        Set<Expr> roots = Collections.newSetFromMap(new IdentityHashMap<>());
        if (visit(e, roots).wrap()) {
            roots.add(e);
        }
        return roots;
    }

    private static Visit visit(Expr e, Set<Expr> roots) {
        if (e instanceof VectorSelector vs) {
            boolean pinned = vs.atModifier() != AtModifier.NONE;
            return new Visit(pinned, pinned);
        }
        if (e instanceof MatrixSelector ms) {
            // Functions over a range read it directly: never a root of its own.
            return new Visit(visit(ms.selector(), roots).invariant(), false);
        }
        if (e instanceof NumberLiteral || e instanceof StringLiteral) {
            // Invariant, but too cheap to be a root of its own.
            return new Visit(true, false);
        }
        if (e instanceof ParenExpr p) {
            return visit(p.expr(), roots);
        }
        if (e instanceof UnaryExpr u) {
            return visit(u.expr(), roots);
        }
        if (e instanceof AggregateExpr a) {
            // As Prometheus: only the aggregated expression decides, not the parameter.
            return visit(Evaluator.unwrap(a.expr()), roots);
        }
        if (e instanceof BinaryExpr b) {
            Visit lhs = visit(b.lhs(), roots);
            Visit rhs = visit(b.rhs(), roots);
            if (lhs.invariant() && rhs.invariant()) {
                return new Visit(true, true);
            }
            if (lhs.wrap()) {
                roots.add(b.lhs());
            }
            if (rhs.wrap()) {
                roots.add(b.rhs());
            }
            return new Visit(false, false);
        }
        if (e instanceof Call c) {
            String name = c.func().name();
            boolean invariant = !TIME_DEPENDENT.contains(name);
            // timestamp(selector @ t) is invariant although timestamp() in general is not.
            boolean pinnedTimestamp = name.equals("timestamp");
            boolean[] wrap = new boolean[c.args().size()];
            for (int i = 0; i < wrap.length; i++) {
                Expr arg = Evaluator.unwrap(c.args().get(i));
                Visit v = visit(arg, roots);
                wrap[i] = v.wrap();
                invariant &= v.invariant();
                if (!v.invariant() || !(arg instanceof VectorSelector)) {
                    pinnedTimestamp = false;
                }
            }
            if (invariant || pinnedTimestamp) {
                return new Visit(true, true);
            }
            for (int i = 0; i < wrap.length; i++) {
                if (wrap[i]) {
                    roots.add(Evaluator.unwrap(c.args().get(i)));
                }
            }
            return new Visit(false, false);
        }
        if (e instanceof SubqueryExpr sq) {
            // The inner expression is a root whenever it is invariant (it runs as its own evaluation).
            if (visit(sq.expr(), roots).invariant()) {
                roots.add(sq.expr());
            }
            return new Visit(sq.atModifier() != AtModifier.NONE, false);
        }
        return new Visit(false, false);
    }
}
