package io.pharos.query.promql.conformance;

import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.AtModifier;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.ParenExpr;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.UnaryExpr;
import io.pharos.query.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The step-invariance check of the upstream harness: every selector and subquery without a fixed
 * {@code @} time gets {@code @ T} (T the eval time); the printed query must then give the same
 * result at other evaluation times. Expressions calling functions whose value depends on the
 * evaluation time get no variants.
 */
final class AtModifierVariants {
    private static final Set<String> AT_UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week",
            "day_of_year", "end", "hour", "minute", "month", "year", "predict_linear", "range", "start", "step",
            "time", "timestamp");

    private AtModifierVariants() {
    }

    /** A query and the time to evaluate it at. */
    record Variant(String expr, long time) {
    }

    static List<Variant> of(Expr expr, long evalTime) {
        boolean[] unsafe = new boolean[1];
        Expr rewritten = rewrite(expr, evalTime, false, unsafe);
        if (unsafe[0]) {
            return List.of();
        }
        String text = rewritten.toString();
        long[] times = evalTime == 0 ? new long[] {-1000, 0, 1000}
                : new long[] {-10 * evalTime, 0, evalTime / 5, evalTime, 10 * evalTime};
        List<Variant> out = new ArrayList<>();
        for (long t : times) {
            out.add(new Variant(text, t));
        }
        return out;
    }

    private static Expr rewrite(Expr e, long ts, boolean insideAt, boolean[] unsafe) {
        if (e instanceof VectorSelector vs) {
            return insideAt || vs.atModifier() == AtModifier.TIMESTAMP ? vs : vs.withAt(AtModifier.TIMESTAMP, ts);
        }
        if (e instanceof MatrixSelector ms) {
            VectorSelector vs = ms.selector();
            return insideAt || vs.atModifier() == AtModifier.TIMESTAMP ? ms
                    : ms.withSelector(vs.withAt(AtModifier.TIMESTAMP, ts));
        }
        if (e instanceof SubqueryExpr sq) {
            SubqueryExpr s = insideAt || sq.atModifier() == AtModifier.TIMESTAMP ? sq : sq.withAt(AtModifier.TIMESTAMP, ts);
            return s.withExpr(rewrite(s.expr(), ts, true, unsafe));
        }
        if (e instanceof Call c) {
            if (!insideAt && AT_UNSAFE.contains(c.func().name())) {
                unsafe[0] = true;
            }
            List<Expr> args = new ArrayList<>();
            for (Expr a : c.args()) {
                args.add(rewrite(a, ts, insideAt, unsafe));
            }
            return new Call(c.func(), args, c.position());
        }
        if (e instanceof AggregateExpr a) {
            Expr param = a.param() == null ? null : rewrite(a.param(), ts, insideAt, unsafe);
            return new AggregateExpr(a.op(), rewrite(a.expr(), ts, insideAt, unsafe), param, a.grouping(), a.without(),
                    a.position());
        }
        if (e instanceof BinaryExpr b) {
            return new BinaryExpr(b.op(), rewrite(b.lhs(), ts, insideAt, unsafe), rewrite(b.rhs(), ts, insideAt, unsafe),
                    b.returnBool(), b.matching());
        }
        if (e instanceof UnaryExpr u) {
            return new UnaryExpr(u.op(), rewrite(u.expr(), ts, insideAt, unsafe), u.position());
        }
        if (e instanceof ParenExpr p) {
            return new ParenExpr(rewrite(p.expr(), ts, insideAt, unsafe), p.position());
        }
        return e;
    }
}
