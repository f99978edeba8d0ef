package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.BinaryOp;
import io.pharos.query.promql.ast.VectorMatching;
import java.util.ArrayList;
import java.util.List;

/** The set operators {@code and}, {@code or} and {@code unless} between two instant vectors. */
final class SetOperators {
    private SetOperators() {
    }

    /**
     * and, or, unless, series by series: a left series keeps the steps where (for unless: where
     * not) some right series with its signature has a sample; or adds the right series at the
     * steps where no left series with their signature has one.
     */
    static Steps evaluate(Evaluation ev, BinaryOp op, VectorMatching m, List<StepSeries> lhs,
            List<StepSeries> rhs) {
        int[] count = new int[1];
        int[][] ord = BinaryEvaluator.ordinals(m, lhs, rhs, count);
        int steps = ev.stepCount;
        List<StepSeries> out = new ArrayList<>();
        if (op == BinaryOp.OR) {
            boolean[][] leftAt = presenceBySignature(lhs, ord[0], count[0], steps);
            out.addAll(lhs);
            for (int j = 0; j < rhs.size(); j++) {
                StepSeries s = rhs.get(j);
                boolean[] left = leftAt[ord[1][j]];
                if (left == null) {
                    out.add(s);
                    continue;
                }
                boolean[] present = new boolean[steps];
                boolean any = false;
                for (int i = 0; i < steps; i++) {
                    present[i] = s.present[i] && !left[i];
                    any |= present[i];
                }
                if (any) {
                    out.add(new StepSeries(s.labels, s.dropName, s.values, present));
                }
            }
            return new Steps.VectorSteps(LabelFunctions.merge(out));
        }
        boolean[][] rightAt = presenceBySignature(rhs, ord[1], count[0], steps);
        boolean keepMatched = op == BinaryOp.AND;
        for (int j = 0; j < lhs.size(); j++) {
            StepSeries s = lhs.get(j);
            boolean[] right = rightAt[ord[0][j]];
            if (right == null) {
                if (!keepMatched) {
                    out.add(s);
                }
                continue;
            }
            boolean[] present = new boolean[steps];
            boolean any = false;
            for (int i = 0; i < steps; i++) {
                present[i] = s.present[i] && (right[i] == keepMatched);
                any |= present[i];
            }
            if (any) {
                out.add(new StepSeries(s.labels, s.dropName, s.values, present));
            }
        }
        return new Steps.VectorSteps(out);
    }

    /** For each signature, at which steps some series with it has a sample; null for none. */
    private static boolean[][] presenceBySignature(List<StepSeries> series, int[] ord, int sigs, int steps) {
        boolean[][] at = new boolean[sigs][];
        boolean[] shared = new boolean[sigs];
        for (int j = 0; j < series.size(); j++) {
            int sig = ord[j];
            boolean[] present = series.get(j).present;
            if (at[sig] == null) {
                at[sig] = present;
                shared[sig] = true;
                continue;
            }
            if (shared[sig]) {
                at[sig] = at[sig].clone();
                shared[sig] = false;
            }
            for (int i = 0; i < steps; i++) {
                at[sig][i] |= present[i];
            }
        }
        return at;
    }
}
