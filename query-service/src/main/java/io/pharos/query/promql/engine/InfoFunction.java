package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
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
import io.pharos.query.storage.Series;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The experimental {@code info(v, {data-label matchers})}: adds to each series the data labels of
 * the info series ({@code target_info} by default) that share its identifying labels
 * ({@code instance}, {@code job}), choosing the newest info sample at each step.
 */
final class InfoFunction {
    private static final List<String> IDENTIFYING = List.of("instance", "job");
    private static final String TARGET_INFO = "target_info";

    private InfoFunction() {
    }

    static Steps evaluate(Evaluator evaluator, Evaluation ev, Call call) {
        Expr baseExpr = call.args().get(0);
        Long[] pinned = new Long[1];
        long offset = selectTimeAndOffset(ev, baseExpr, pinned);
        List<StepSeries> base = evaluator.vectorSeries(baseExpr);

        Map<String, List<Matcher>> dataMatchers = new LinkedHashMap<>();
        List<Matcher> nameMatchers = new ArrayList<>();
        if (call.args().size() > 1) {
            VectorSelector selector = (VectorSelector) Evaluator.unwrap(call.args().get(1));
            for (Matcher m : selector.matchers()) {
                dataMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
                if (m.name().equals(Labels.METRIC_NAME)) {
                    nameMatchers.add(m);
                }
            }
        } else {
            nameMatchers.add(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
        }
        List<Matcher> effectiveNames = effectiveNameMatchers(nameMatchers);
        Set<Labels> ignored = new HashSet<>();
        for (StepSeries s : base) {
            String name = s.labels.metricName();
            boolean all = true;
            for (Matcher m : effectiveNames) {
                if (!m.matches(name)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                ignored.add(s.labels);
            }
        }

        List<StepSeries> info = fetchInfoSeries(ev, base, ignored, dataMatchers, pinned[0], offset);
        // Prometheus holds the info series it selects as a selector's samples, a second operand.
        Steps.VectorSteps infoSteps = new Steps.VectorSteps(info);
        ev.hold(Evaluator.count(infoSteps, ev.accountedSteps()));
        if (ev.query.operands != null) {
            ev.query.operands.add(infoSteps);
        }
        return combine(ev, base, info, ignored, dataMatchers);
    }

    /** Matchers on the info metric's name: those given, or any {@code *_info}, or {@code target_info}. */
    private static List<Matcher> effectiveNameMatchers(List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (m.type() == Matcher.Type.EQ || m.type() == Matcher.Type.RE) {
                return matchers;
            }
        }
        if (!matchers.isEmpty()) {
            List<Matcher> out = new ArrayList<>();
            out.add(Matcher.of(Matcher.Type.RE, Labels.METRIC_NAME, ".+_info"));
            out.addAll(matchers);
            return out;
        }
        return List.of(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
    }

    /**
     * The {@code @} time and the offset of the first selector of the base expression, with the
     * offsets (and the {@code @}) of the subqueries around it: the info series are read as it is.
     */
    private static long selectTimeAndOffset(Evaluation ev, Expr e, Long[] pinned) {
        List<SubqueryExpr> path = new ArrayList<>();
        VectorSelector vs = firstSelector(e, path);
        if (vs == null) {
            return 0;
        }
        long offset = SelectorEvaluator.offset(ev, vs);
        pinned[0] = at(ev, vs.atModifier(), vs.atMillis());
        for (int i = path.size() - 1; pinned[0] == null && i >= 0; i--) {
            SubqueryExpr sq = path.get(i);
            offset += SubqueryEvaluator.offset(ev, sq);
            pinned[0] = at(ev, sq.atModifier(), sq.atMillis());
        }
        return offset;
    }

    private static Long at(Evaluation ev, AtModifier at, Long atMillis) {
        return switch (at) {
            case TIMESTAMP -> atMillis;
            case START -> ev.query.start;
            case END -> ev.query.end;
            case NONE -> null;
        };
    }

    private static VectorSelector firstSelector(Expr e, List<SubqueryExpr> path) {
        if (e instanceof VectorSelector vs) {
            return vs;
        }
        if (e instanceof MatrixSelector ms) {
            return ms.selector();
        }
        if (e instanceof SubqueryExpr sq) {
            path.add(sq);
            VectorSelector found = firstSelector(sq.expr(), path);
            if (found == null) {
                path.remove(path.size() - 1);
            }
            return found;
        }
        List<Expr> children = new ArrayList<>();
        if (e instanceof ParenExpr p) {
            children.add(p.expr());
        } else if (e instanceof UnaryExpr u) {
            children.add(u.expr());
        } else if (e instanceof BinaryExpr b) {
            children.add(b.lhs());
            children.add(b.rhs());
        } else if (e instanceof Call c) {
            children.addAll(c.args());
        } else if (e instanceof AggregateExpr a) {
            children.add(a.expr());
            if (a.param() != null) {
                children.add(a.param());
            }
        }
        for (Expr child : children) {
            VectorSelector found = firstSelector(child, path);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static List<StepSeries> fetchInfoSeries(Evaluation ev, List<StepSeries> base, Set<Labels> ignored,
            Map<String, List<Matcher>> dataMatchers, Long pinned, long offset) {
        Map<String, Set<String>> idValues = new TreeMap<>();
        for (StepSeries s : base) {
            if (ignored.contains(s.labels)) {
                continue;
            }
            for (String l : IDENTIFYING) {
                String v = s.labels.get(l);
                if (!v.isEmpty()) {
                    idValues.computeIfAbsent(l, k -> new TreeSet<>()).add(v);
                }
            }
        }
        List<Matcher> nameMatchers = new ArrayList<>();
        List<Matcher> matchers = new ArrayList<>();
        for (Map.Entry<String, Set<String>> id : idValues.entrySet()) {
            List<String> quoted = new ArrayList<>();
            for (String v : id.getValue()) {
                quoted.add(Pattern.quote(v));
            }
            matchers.add(Matcher.of(Matcher.Type.RE, id.getKey(), String.join("|", quoted)));
        }
        for (List<Matcher> ms : dataMatchers.values()) {
            for (Matcher m : ms) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    nameMatchers.add(m);
                } else {
                    matchers.add(m);
                }
            }
        }
        dataMatchers.remove(Labels.METRIC_NAME);
        if (idValues.isEmpty()) {
            return List.of();
        }
        matchers.addAll(effectiveNameMatchers(nameMatchers));

        long[] times = new long[ev.stepCount];
        for (int i = 0; i < times.length; i++) {
            times[i] = (pinned != null ? pinned : ev.time(i)) - offset;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long t : times) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        List<StepSeries> out = new ArrayList<>();
        if (times.length == 0) {
            return out;
        }
        long lookback = ev.lookback();
        for (Series s : SelectorEvaluator.sorted(ev.select(matchers, min - lookback + 1, max))) {
            StepSeries r = SelectorEvaluator.lookup(s, times, lookback, SelectorEvaluator.Read.TIMESTAMP_MILLIS);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static Labels signature(String infoName, Labels l) {
        Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, infoName);
        for (String id : IDENTIFYING) {
            b.set(id, l.get(id));
        }
        return b.build();
    }

    private static Steps combine(Evaluation ev, List<StepSeries> base, List<StepSeries> info, Set<Labels> ignored,
            Map<String, List<Matcher>> dataMatchers) {
        Set<String> infoNames = new TreeSet<>();
        for (StepSeries s : info) {
            infoNames.add(s.labels.metricName());
        }
        List<Labels> infoSigs = new ArrayList<>(info.size());
        for (StepSeries s : info) {
            infoSigs.add(signature(s.labels.metricName(), s.labels));
        }
        List<Map<String, Labels>> baseSigs = new ArrayList<>(base.size());
        for (StepSeries s : base) {
            Map<String, Labels> sigs = new LinkedHashMap<>();
            for (String name : infoNames) {
                sigs.put(name, signature(name, s.labels));
            }
            baseSigs.add(sigs);
        }
        boolean allMatchEmpty = true;
        for (List<Matcher> ms : dataMatchers.values()) {
            for (Matcher m : ms) {
                if (!m.matchesEmpty()) {
                    allMatchEmpty = false;
                }
            }
        }
        VectorBuilder out = new VectorBuilder(ev.stepCount);
        for (int i = 0; i < ev.stepCount; i++) {
            Map<Labels, Integer> bySig = new HashMap<>();
            for (int j = 0; j < info.size(); j++) {
                StepSeries s = info.get(j);
                if (!s.present[i]) {
                    continue;
                }
                Labels sig = infoSigs.get(j);
                Integer existing = bySig.get(sig);
                if (existing == null) {
                    bySig.put(sig, j);
                    continue;
                }
                long existingT = (long) info.get(existing).values[i];
                long t = (long) s.values[i];
                if (existingT < t) {
                    bySig.put(sig, j);
                } else if (existingT == t) {
                    throw QueryException.execution("found duplicate series for info metric: existing "
                            + Messages.labels(info.get(existing).labels) + " @ " + existingT + ", new "
                            + Messages.labels(s.labels) + " @ " + t);
                }
            }
            for (int b = 0; b < base.size(); b++) {
                StepSeries s = base.get(b);
                if (!s.present[i]) {
                    continue;
                }
                if (ignored.contains(s.labels)) {
                    out.add(i, s.labels, s.dropName, s.values[i]);
                    continue;
                }
                Map<String, String> added = new TreeMap<>();
                int seen = 0;
                for (Map.Entry<String, Labels> sig : baseSigs.get(b).entrySet()) {
                    Integer j = bySig.get(sig.getValue());
                    if (j == null) {
                        continue;
                    }
                    Labels infoLabels = info.get(j).labels;
                    for (int k = 0; k < infoLabels.size(); k++) {
                        String name = infoLabels.name(k);
                        String value = infoLabels.value(k);
                        if (name.equals(Labels.METRIC_NAME)) {
                            continue;
                        }
                        if (!dataMatchers.isEmpty() && !dataMatchers.containsKey(name)) {
                            continue;
                        }
                        String have = added.get(name);
                        if (have != null && !have.equals(value)) {
                            throw QueryException.execution("conflicting label: " + name);
                        }
                        if (s.labels.has(name)) {
                            continue;
                        }
                        added.put(name, value);
                    }
                    seen++;
                }
                if (seen == 0 && !allMatchEmpty) {
                    continue;
                }
                Labels.Builder lb = s.labels.toBuilder();
                added.forEach(lb::set);
                out.add(i, lb.build(), s.dropName, s.values[i]);
            }
        }
        return out.build();
    }
}
