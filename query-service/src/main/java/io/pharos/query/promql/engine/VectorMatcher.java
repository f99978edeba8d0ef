package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.BinaryOp;
import io.pharos.query.promql.ast.Cardinality;
import io.pharos.query.promql.ast.VectorMatching;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Arithmetic and comparisons between two instant vectors, with Prometheus's vector matching:
 * one-to-one by default, {@code on}/{@code ignoring} choosing the matching labels,
 * {@code group_left}/{@code group_right} for many-to-one, and the experimental {@code fill},
 * {@code fill_left} and {@code fill_right} for series missing on one side. When every
 * signature has at most one series per side, series are paired once and computed series by
 * series; otherwise matching runs step by step, as Prometheus does, with its errors.
 */
final class VectorMatcher {
    private final Evaluation ev;
    private final BinaryExpr e;
    private final BinaryOp op;
    private final VectorMatching m;
    private final boolean swapped;
    /** The "many" side (the left one unless group_right). */
    private final List<StepSeries> many;
    /** The "one" side. */
    private final List<StepSeries> one;
    private final int[] manyOrd;
    private final int[] oneOrd;
    private final int sigCount;
    private final Map<Long, Labels> resultLabels = new HashMap<>();
    private final VectorBuilder out;
    /** Per "many"-side series: the "one"-side partner of its last output, and that output's slot. */
    private final int[] lastPartner;
    private final int[] lastSlot;
    private boolean trimInfo;

    VectorMatcher(Evaluation ev, BinaryExpr e, VectorMatching m, List<StepSeries> lhs, List<StepSeries> rhs) {
        this.ev = ev;
        this.e = e;
        this.op = e.op();
        this.m = m;
        this.swapped = m.card() == Cardinality.ONE_TO_MANY;
        this.many = swapped ? rhs : lhs;
        this.one = swapped ? lhs : rhs;
        int[] count = new int[1];
        int[][] ord = BinaryEvaluator.ordinals(m, many, one, count);
        this.manyOrd = ord[0];
        this.oneOrd = ord[1];
        this.sigCount = count[0];
        this.out = new VectorBuilder(ev.stepCount);
        this.lastPartner = unassigned(many.size());
        this.lastSlot = new int[many.size()];
    }

    Steps run() {
        if (seriesMajorApplies()) {
            return runSeriesMajor();
        }
        int[] oneAt = new int[sigCount];
        int[] oneStamp = new int[sigCount];
        int[] matchedStamp = new int[sigCount];
        Map<Integer, Set<Labels>> matchedLabels = new HashMap<>();
        boolean hasFill = m.fillLhs() != null || m.fillRhs() != null;
        for (int i = 0; i < ev.stepCount; i++) {
            int mark = i + 1;
            boolean anyMany = anyAt(many, i);
            boolean anyOne = anyAt(one, i);
            if ((!anyMany && !anyOne) || ((!anyMany || !anyOne) && !hasFill)) {
                continue;
            }
            matchedLabels.clear();
            for (int j = 0; j < one.size(); j++) {
                StepSeries s = one.get(j);
                if (!s.present[i]) {
                    continue;
                }
                int sig = oneOrd[j];
                if (oneStamp[sig] == mark) {
                    duplicateError(one.get(oneAt[sig]).labels, s.labels);
                }
                oneStamp[sig] = mark;
                oneAt[sig] = j;
            }
            // The fill for a missing "one"-side series is fill_right, as Prometheus applies it after
            // swapping the sides of a group_right.
            Double fillOne = m.fillRhs();
            for (int j = 0; j < many.size(); j++) {
                StepSeries s = many.get(j);
                if (!s.present[i]) {
                    continue;
                }
                int sig = manyOrd[j];
                if (oneStamp[sig] == mark) {
                    int k = oneAt[sig];
                    apply(i, s.labels, s.dropName, s.values[i], j, one.get(k).labels, one.get(k).values[i], k, sig,
                            matchedStamp, mark, matchedLabels);
                } else if (fillOne != null) {
                    Labels filled = s.labels.isEmpty() ? Labels.EMPTY : matchLabels(s.labels);
                    apply(i, s.labels, s.dropName, s.values[i], j, filled, fillOne, -1, sig, matchedStamp, mark,
                            matchedLabels);
                }
            }
            Double fillMany = m.fillLhs();
            if (fillMany != null) {
                for (int j = 0; j < one.size(); j++) {
                    StepSeries s = one.get(j);
                    if (!s.present[i]) {
                        continue;
                    }
                    int sig = oneOrd[j];
                    boolean matched = m.card() == Cardinality.ONE_TO_ONE ? matchedStamp[sig] == mark
                            : matchedLabels.containsKey(sig) && !matchedLabels.get(sig).isEmpty();
                    if (matched) {
                        continue;
                    }
                    apply(i, matchLabels(s.labels), false, fillMany, -1, s.labels, s.values[i], j, sig, matchedStamp, mark,
                            matchedLabels);
                }
            }
        }
        if (trimInfo) {
            BinaryEvaluator.trimInfo(ev, e);
        }
        return out.build();
    }

    /**
     * Whether every signature has at most one series on each side (and no fill): then each
     * series has one fixed partner and the operation can run series by series.
     */
    private boolean seriesMajorApplies() {
        if (m.card() != Cardinality.ONE_TO_ONE || m.fillLhs() != null || m.fillRhs() != null || BinaryEvaluator.isTrim(op)) {
            return false;
        }
        boolean[] seenMany = new boolean[sigCount];
        boolean[] seenOne = new boolean[sigCount];
        for (int sig : manyOrd) {
            if (seenMany[sig]) {
                return false;
            }
            seenMany[sig] = true;
        }
        for (int sig : oneOrd) {
            if (seenOne[sig]) {
                return false;
            }
            seenOne[sig] = true;
        }
        return true;
    }

    private Steps runSeriesMajor() {
        int[] partner = new int[sigCount];
        Arrays.fill(partner, -1);
        for (int k = 0; k < one.size(); k++) {
            partner[oneOrd[k]] = k;
        }
        int steps = ev.stepCount;
        boolean bool = e.returnBool();
        List<StepSeries> result = new ArrayList<>();
        for (int j = 0; j < many.size(); j++) {
            int k = partner[manyOrd[j]];
            if (k < 0) {
                continue;
            }
            StepSeries a = many.get(j);
            StepSeries b = one.get(k);
            double[] values = new double[steps];
            boolean[] present = new boolean[steps];
            boolean any = false;
            for (int i = 0; i < steps; i++) {
                if (!a.present[i] || !b.present[i]) {
                    continue;
                }
                double l = swapped ? b.values[i] : a.values[i];
                double r = swapped ? a.values[i] : b.values[i];
                double value;
                if (op.isComparison()) {
                    boolean keep = ArithmeticOps.compare(op, l, r);
                    if (bool) {
                        value = keep ? 1 : 0;
                    } else if (!keep) {
                        continue;
                    } else {
                        value = l;
                    }
                } else {
                    value = ArithmeticOps.arithmetic(op, l, r);
                }
                values[i] = value;
                present[i] = true;
                any = true;
            }
            if (any) {
                result.add(new StepSeries(resultLabels(a.labels, -1, b.labels, -1), bool || a.dropName, values, present));
            }
        }
        return new Steps.VectorSteps(LabelFunctions.merge(result));
    }

    /** Prometheus's {@code MatchLabels}: the labels a filled-in series gets from its counterpart. */
    private Labels matchLabels(Labels l) {
        if (m.on()) {
            Labels.Builder b = Labels.builder();
            for (String name : m.matchingLabels()) {
                b.set(name, l.get(name));
            }
            return b.build();
        }
        return BinaryEvaluator.signature(m, l);
    }

    private void duplicateError(Labels a, Labels b) {
        String d1 = Messages.labels(a);
        String d2 = Messages.labels(b);
        if (d1.compareTo(d2) > 0) {
            String t = d1;
            d1 = d2;
            d2 = t;
        }
        throw QueryException.execution("found duplicate series for the match group " + Messages.labels(matchLabels(b))
                + " on the " + (swapped ? "left" : "right") + " hand-side of the operation: [" + d1 + ", " + d2
                + "];many-to-many matching not allowed: matching labels must be unique on one side");
    }

    private void apply(int step, Labels manyLabels, boolean manyDropName, double manyValue, int manyIndex, Labels oneLabels,
            double oneValue, int oneIndex, int sig, int[] matchedStamp, int mark, Map<Integer, Set<Labels>> matchedLabels) {
        double l = swapped ? oneValue : manyValue;
        double r = swapped ? manyValue : oneValue;
        if (BinaryEvaluator.isTrim(op)) {
            trimInfo = true;
            return;
        }
        double value;
        boolean keep;
        if (op.isComparison()) {
            keep = ArithmeticOps.compare(op, l, r);
            value = l;
        } else {
            keep = true;
            value = ArithmeticOps.arithmetic(op, l, r);
        }
        if (e.returnBool()) {
            value = keep ? 1 : 0;
        }
        boolean cached = manyIndex >= 0 && oneIndex >= 0 && lastPartner[manyIndex] == oneIndex;
        Labels metric = cached ? null : resultLabels(manyLabels, manyIndex, oneLabels, oneIndex);
        if (m.card() != Cardinality.ONE_TO_ONE && metric == null) {
            metric = resultLabels(manyLabels, manyIndex, oneLabels, oneIndex);
        }
        if (m.card() == Cardinality.ONE_TO_ONE) {
            if (matchedStamp[sig] == mark) {
                throw QueryException.execution(
                        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            }
            matchedStamp[sig] = mark;
        } else if (!matchedLabels.computeIfAbsent(sig, k -> new HashSet<>()).add(metric)) {
            throw QueryException.execution("multiple matches for labels: grouping labels must ensure unique matches");
        }
        if (!keep && !e.returnBool()) {
            return;
        }
        if (cached) {
            out.add(lastSlot[manyIndex], step, value);
            return;
        }
        int slot = out.slot(metric, e.returnBool() || manyDropName);
        if (manyIndex >= 0 && oneIndex >= 0) {
            lastPartner[manyIndex] = oneIndex;
            lastSlot[manyIndex] = slot;
        }
        out.add(slot, step, value);
    }

    private Labels resultLabels(Labels manyLabels, int manyIndex, Labels oneLabels, int oneIndex) {
        long key = manyIndex >= 0 && oneIndex >= 0 ? ((long) manyIndex << 32) | oneIndex : -1;
        if (key >= 0) {
            Labels cached = resultLabels.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Labels.Builder b = manyLabels.toBuilder();
        if (BinaryEvaluator.changesMetricSchema(op)) {
            b.remove(Labels.METRIC_NAME).remove("__type__").remove("__unit__");
        }
        if (m.card() == Cardinality.ONE_TO_ONE) {
            if (m.on()) {
                Labels current = b.build();
                b = Labels.builder();
                for (String name : m.matchingLabels()) {
                    b.set(name, current.get(name));
                }
            } else {
                for (String name : m.matchingLabels()) {
                    b.remove(name);
                }
            }
        }
        for (String name : m.include()) {
            String v = oneLabels.get(name);
            if (v.isEmpty()) {
                b.remove(name);
            } else {
                b.set(name, v);
            }
        }
        Labels result = b.build();
        if (key >= 0) {
            resultLabels.put(key, result);
        }
        return result;
    }

    private static boolean anyAt(List<StepSeries> series, int step) {
        for (StepSeries s : series) {
            if (s.present[step]) {
                return true;
            }
        }
        return false;
    }

    private static int[] unassigned(int n) {
        int[] slots = new int[n];
        Arrays.fill(slots, -1);
        return slots;
    }
}
