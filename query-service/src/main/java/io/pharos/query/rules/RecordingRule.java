package io.pharos.query.rules;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Vector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A recording rule: its expression's result, renamed and relabeled, becomes new series. */
public final class RecordingRule implements Rule {
    private final String name;
    private final Expr expr;
    private final Labels labels;
    private final RuleHealth health = new RuleHealth();
    private final StalenessTracker written = new StalenessTracker();

    public RecordingRule(String name, Expr expr, Labels labels) {
        this.name = name;
        this.expr = expr;
        this.labels = labels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Expr expr() {
        return expr;
    }

    @Override
    public RuleHealth health() {
        return health;
    }

    @Override
    public StalenessTracker written() {
        return written;
    }

    @Override
    public Labels labels() {
        return labels;
    }

    /** The samples to record for one evaluation result at {@code ts}. */
    public List<SeriesSamples> record(Vector result, long ts) {
        List<SeriesSamples> out = new ArrayList<>(result.samples().size());
        Set<Labels> seen = new HashSet<>();
        for (Sample s : result.samples()) {
            Labels.Builder b = s.labels().toBuilder().set(Labels.METRIC_NAME, name);
            labels.forEach(b::set);
            Labels l = b.build();
            if (!seen.add(l)) {
                throw new RuleEvaluationException("vector contains metrics with the same labelset after applying rule labels");
            }
            out.add(SeriesSamples.single(l, ts, s.value()));
        }
        return out;
    }
}
