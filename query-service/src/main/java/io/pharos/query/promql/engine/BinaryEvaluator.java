package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.BinaryOp;
import io.pharos.query.promql.ast.Cardinality;
import io.pharos.query.promql.ast.VectorMatching;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary operators: between scalars, between a vector and a scalar, and between two vectors, where
 * {@link SetOperators} handles {@code and}, {@code or}, {@code unless} and {@link VectorMatcher}
 * the arithmetic and comparisons. Arithmetic drops the metric name at once; a {@code bool}
 * comparison flags it to be dropped at the end of the query.
 */
final class BinaryEvaluator {
    private BinaryEvaluator() {
    }

    static Steps evaluate(Evaluator evaluator, Evaluation ev, BinaryExpr e) {
        Steps lhs = evaluator.eval(e.lhs());
        Steps rhs = evaluator.eval(e.rhs());
        BinaryOp op = e.op();
        if (lhs instanceof Steps.ScalarSteps l && rhs instanceof Steps.ScalarSteps r) {
            double[] out = new double[ev.stepCount];
            for (int i = 0; i < out.length; i++) {
                out[i] = op.isComparison() ? (ArithmeticOps.compare(op, l.values()[i], r.values()[i]) ? 1 : 0)
                        : ArithmeticOps.arithmetic(op, l.values()[i], r.values()[i]);
            }
            return new Steps.ScalarSteps(out);
        }
        if (lhs instanceof Steps.VectorSteps l && rhs instanceof Steps.ScalarSteps r) {
            return vectorScalar(ev, e, l.series(), r.values(), false);
        }
        if (lhs instanceof Steps.ScalarSteps l && rhs instanceof Steps.VectorSteps r) {
            return vectorScalar(ev, e, r.series(), l.values(), true);
        }
        List<StepSeries> l = ((Steps.VectorSteps) lhs).series();
        List<StepSeries> r = ((Steps.VectorSteps) rhs).series();
        VectorMatching m = e.matching() != null ? e.matching()
                : new VectorMatching(op.isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE,
                        List.of(), false, List.of(), null, null);
        if (op.isSetOperator()) {
            return SetOperators.evaluate(ev, op, m, l, r);
        }
        return new VectorMatcher(ev, e, m, l, r).run();
    }

    /** Whether the operator changes what the metric means, so the name goes at once. */
    static boolean changesMetricSchema(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MOD, POW, ATAN2 -> true;
            default -> false;
        };
    }

    static boolean isTrim(BinaryOp op) {
        return op == BinaryOp.TRIM_LOWER || op == BinaryOp.TRIM_UPPER;
    }

    static void trimInfo(Evaluation ev, BinaryExpr e) {
        ev.info("incompatible sample types encountered for binary operator \"" + e.op().symbol() + "\": float "
                + e.op().symbol() + " float", e.position());
    }

    private static Steps vectorScalar(Evaluation ev, BinaryExpr e, List<StepSeries> vector, double[] scalar,
            boolean scalarOnLeft) {
        BinaryOp op = e.op();
        if (isTrim(op)) {
            for (StepSeries s : vector) {
                if (!s.isEmpty()) {
                    trimInfo(ev, e);
                    break;
                }
            }
            return new Steps.VectorSteps(List.of());
        }
        boolean dropsName = changesMetricSchema(op) || e.returnBool();
        List<StepSeries> out = new ArrayList<>(vector.size());
        for (StepSeries s : vector) {
            int n = s.values.length;
            double[] values = new double[n];
            boolean[] present = new boolean[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (!s.present[i]) {
                    continue;
                }
                double v = s.values[i];
                double l = scalarOnLeft ? scalar[i] : v;
                double r = scalarOnLeft ? v : scalar[i];
                double value;
                if (op.isComparison()) {
                    boolean keep = ArithmeticOps.compare(op, l, r);
                    if (e.returnBool()) {
                        value = keep ? 1 : 0;
                    } else if (!keep) {
                        continue;
                    } else {
                        value = v;
                    }
                } else {
                    value = ArithmeticOps.arithmetic(op, l, r);
                }
                values[i] = value;
                present[i] = true;
                any = true;
            }
            if (any) {
                out.add(new StepSeries(s.labels, dropsName || s.dropName, values, present));
            }
        }
        return new Steps.VectorSteps(out);
    }

    /** The labels two series are matched on. */
    static Labels signature(VectorMatching m, Labels l) {
        if (m.on()) {
            Labels.Builder b = Labels.builder();
            for (String name : m.matchingLabels()) {
                b.set(name, l.get(name));
            }
            return b.build();
        }
        Labels.Builder b = l.toBuilder().remove(Labels.METRIC_NAME);
        for (String name : m.matchingLabels()) {
            b.remove(name);
        }
        return b.build();
    }

    /** Ordinals of the matching signatures of both sides' series, shared between the sides. */
    static int[][] ordinals(VectorMatching m, List<StepSeries> lhs, List<StepSeries> rhs, int[] count) {
        Map<Labels, Integer> bySig = new HashMap<>();
        int[][] out = new int[2][];
        List<List<StepSeries>> sides = List.of(lhs, rhs);
        for (int side = 0; side < 2; side++) {
            List<StepSeries> series = sides.get(side);
            out[side] = new int[series.size()];
            for (int i = 0; i < series.size(); i++) {
                Labels sig = signature(m, series.get(i).labels);
                Integer ord = bySig.get(sig);
                if (ord == null) {
                    ord = bySig.size();
                    bySig.put(sig, ord);
                }
                out[side][i] = ord;
            }
        }
        count[0] = bySig.size();
        return out;
    }
}
