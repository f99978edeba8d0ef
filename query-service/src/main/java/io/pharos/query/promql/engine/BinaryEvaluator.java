package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.BinaryOp;
import io.pharos.query.promql.ast.Cardinality;
import io.pharos.query.promql.ast.VectorMatching;
import io.pharos.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators between scalars and vectors, with Prometheus's vector matching: one-to-one
 * by default, {@code on}/{@code ignoring} to choose the matching labels, {@code group_left} /
 * {@code group_right} for many-to-one, and the set operators {@code and}, {@code or},
 * {@code unless}. Arithmetic and {@code bool} comparisons drop the metric name.
 */
final class BinaryEvaluator {
    private BinaryEvaluator() {
    }

    static Steps evaluate(Evaluation ev, BinaryExpr e, Steps lhs, Steps rhs) {
        BinaryOp op = e.op();
        if (op == BinaryOp.TRIM_UPPER || op == BinaryOp.TRIM_LOWER) {
            throw QueryException.execution("operator " + op + " applies to native histograms, which Pharos does not store");
        }
        if (lhs instanceof Steps.ScalarSteps l && rhs instanceof Steps.ScalarSteps r) {
            double[] out = new double[ev.stepCount];
            for (int i = 0; i < out.length; i++) {
                out[i] = scalarOp(op, l.values()[i], r.values()[i]);
            }
            return new Steps.ScalarSteps(out);
        }
        List<List<Sample>> out = new ArrayList<>(ev.stepCount);
        for (int i = 0; i < ev.stepCount; i++) {
            ev.checkDeadline();
            List<Sample> result;
            if (lhs instanceof Steps.VectorSteps l && rhs instanceof Steps.VectorSteps r) {
                result = vectorVector(e, l.steps().get(i), r.steps().get(i));
            } else if (lhs instanceof Steps.VectorSteps l) {
                result = vectorScalar(e, l.steps().get(i), ((Steps.ScalarSteps) rhs).values()[i], false);
            } else {
                result = vectorScalar(e, ((Steps.VectorSteps) rhs).steps().get(i), ((Steps.ScalarSteps) lhs).values()[i], true);
            }
            out.add(result);
        }
        return new Steps.VectorSteps(out);
    }

    private static double scalarOp(BinaryOp op, double l, double r) {
        if (op.isComparison()) {
            return ArithmeticOps.compare(op, l, r) ? 1 : 0;
        }
        return ArithmeticOps.arithmetic(op, l, r);
    }

    private static List<Sample> vectorScalar(BinaryExpr e, List<Sample> vector, double scalar, boolean scalarOnLeft) {
        BinaryOp op = e.op();
        List<Sample> out = new ArrayList<>(vector.size());
        for (Sample s : vector) {
            double l = scalarOnLeft ? scalar : s.value();
            double r = scalarOnLeft ? s.value() : scalar;
            double value;
            if (op.isComparison()) {
                boolean keep = ArithmeticOps.compare(op, l, r);
                if (e.returnBool()) {
                    value = keep ? 1 : 0;
                } else if (!keep) {
                    continue;
                } else {
                    value = s.value();
                }
            } else {
                value = ArithmeticOps.arithmetic(op, l, r);
            }
            Labels labels = dropsName(e) ? s.labels().withoutMetricName() : s.labels();
            out.add(new Sample(labels, s.timestamp(), value));
        }
        return out;
    }

    private static boolean dropsName(BinaryExpr e) {
        return !e.op().isComparison() || e.returnBool();
    }

    private static List<Sample> vectorVector(BinaryExpr e, List<Sample> lhs, List<Sample> rhs) {
        VectorMatching m = e.matching() != null ? e.matching()
                : new VectorMatching(e.op().isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE,
                        List.of(), false, List.of(), null, null);
        if (m.fillLhs() != null || m.fillRhs() != null) {
            throw QueryException.execution("experimental fill modifiers are not supported");
        }
        return switch (e.op()) {
            case AND -> and(m, lhs, rhs);
            case OR -> or(m, lhs, rhs);
            case UNLESS -> unless(m, lhs, rhs);
            default -> matched(e, m, lhs, rhs);
        };
    }

    /** The labels two samples are matched on. */
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

    private static List<Sample> and(VectorMatching m, List<Sample> lhs, List<Sample> rhs) {
        Set<Labels> right = new HashSet<>();
        rhs.forEach(s -> right.add(signature(m, s.labels())));
        List<Sample> out = new ArrayList<>();
        for (Sample s : lhs) {
            if (right.contains(signature(m, s.labels()))) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Sample> or(VectorMatching m, List<Sample> lhs, List<Sample> rhs) {
        Set<Labels> left = new HashSet<>();
        List<Sample> out = new ArrayList<>(lhs);
        lhs.forEach(s -> left.add(signature(m, s.labels())));
        for (Sample s : rhs) {
            if (!left.contains(signature(m, s.labels()))) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Sample> unless(VectorMatching m, List<Sample> lhs, List<Sample> rhs) {
        Set<Labels> right = new HashSet<>();
        rhs.forEach(s -> right.add(signature(m, s.labels())));
        List<Sample> out = new ArrayList<>();
        for (Sample s : lhs) {
            if (!right.contains(signature(m, s.labels()))) {
                out.add(s);
            }
        }
        return out;
    }

    /** One-to-one and many-to-one / one-to-many matching of a non-set operator. */
    private static List<Sample> matched(BinaryExpr e, VectorMatching m, List<Sample> lhs, List<Sample> rhs) {
        boolean swapped = m.card() == Cardinality.ONE_TO_MANY;
        List<Sample> many = swapped ? rhs : lhs;
        List<Sample> one = swapped ? lhs : rhs;
        Map<Labels, Sample> oneBySig = new HashMap<>();
        for (Sample s : one) {
            Labels sig = signature(m, s.labels());
            Sample dup = oneBySig.putIfAbsent(sig, s);
            if (dup != null) {
                throw QueryException.execution("found duplicate series for the match group " + sig + " on the "
                        + (swapped ? "left" : "right") + " hand-side of the operation: [" + dup.labels() + ", "
                        + s.labels() + "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Set<Labels> matchedOneToOne = new HashSet<>();
        Set<Labels> emitted = new HashSet<>();
        List<Sample> out = new ArrayList<>();
        for (Sample s : many) {
            Labels sig = signature(m, s.labels());
            Sample other = oneBySig.get(sig);
            if (other == null) {
                continue;
            }
            if (m.card() == Cardinality.ONE_TO_ONE) {
                if (!matchedOneToOne.add(sig)) {
                    throw QueryException.execution(
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
            }
            double l = swapped ? other.value() : s.value();
            double r = swapped ? s.value() : other.value();
            double value;
            if (e.op().isComparison()) {
                boolean keep = ArithmeticOps.compare(e.op(), l, r);
                if (e.returnBool()) {
                    value = keep ? 1 : 0;
                } else if (!keep) {
                    continue;
                } else {
                    value = l;
                }
            } else {
                value = ArithmeticOps.arithmetic(e.op(), l, r);
            }
            Labels labels = resultLabels(e, m, s.labels(), other.labels());
            if (m.card() != Cardinality.ONE_TO_ONE && !emitted.add(labels)) {
                throw QueryException.execution("multiple matches for labels: grouping labels must ensure unique matches");
            }
            out.add(new Sample(labels, s.timestamp(), value));
        }
        return out;
    }

    private static Labels resultLabels(BinaryExpr e, VectorMatching m, Labels many, Labels one) {
        Labels.Builder b = many.toBuilder();
        if (dropsName(e)) {
            b.remove(Labels.METRIC_NAME);
        }
        if (m.card() == Cardinality.ONE_TO_ONE) {
            if (m.on()) {
                Labels kept = b.build();
                b = Labels.builder();
                for (String name : m.matchingLabels()) {
                    b.set(name, kept.get(name));
                }
            } else {
                for (String name : m.matchingLabels()) {
                    b.remove(name);
                }
            }
        }
        for (String name : m.include()) {
            String v = one.get(name);
            if (v.isEmpty()) {
                b.remove(name);
            } else {
                b.set(name, v);
            }
        }
        return b.build();
    }
}
