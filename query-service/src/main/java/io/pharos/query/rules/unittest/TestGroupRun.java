package io.pharos.query.rules.unittest;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.query.notifier.AlertNotifier;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.PromqlText;
import io.pharos.query.promql.engine.Engine;
import io.pharos.query.promql.engine.EngineOptions;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Scalar;
import io.pharos.query.promql.value.Value;
import io.pharos.query.promql.value.Vector;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.testing.MemorySeriesSource;
import io.pharos.query.promql.testing.SeriesLabels;
import io.pharos.query.rules.AlertingRule;
import io.pharos.query.rules.Rule;
import io.pharos.query.rules.RuleFileLoader;
import io.pharos.query.rules.RuleGroup;
import io.pharos.query.rules.RuleManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One test group of a rule test file, run as promtool runs it: the rule files are loaded afresh,
 * the groups are evaluated (in {@code group_eval_order}) at every evaluation interval from the
 * start to the latest {@code eval_time}, with the input series written up to each evaluation time
 * and the recorded series and {@code ALERTS} written back into the same store. Alerts are checked
 * after the last evaluation at or before their {@code eval_time} (only firing alerts count);
 * expressions are queried once all evaluations are done. A rule that fails to evaluate ends the
 * group with that error.
 */
final class TestGroupRun {
    private final RuleTestFile file;
    private final RuleTestFile.TestGroup group;
    private final Map<String, Integer> groupOrder;
    private final TemplateExpander expander;
    private final List<String> errors = new ArrayList<>();

    TestGroupRun(RuleTestFile file, RuleTestFile.TestGroup group, Map<String, Integer> groupOrder,
            TemplateExpander expander) {
        this.file = file;
        this.group = group;
        this.groupOrder = groupOrder;
        this.expander = expander;
    }

    /** The failures of this test group, each formatted as promtool reports it; empty when it passes. */
    List<String> run() {
        long evalInterval = file.evaluationInterval().toMillis();
        Duration seriesInterval = group.interval() != null ? group.interval() : file.evaluationInterval();
        long mint = group.startMillis();
        MemorySeriesSource store = new MemorySeriesSource();
        InputSeriesFeed feed;
        try {
            feed = new InputSeriesFeed(group.inputSeries(), mint, seriesInterval.toMillis());
        } catch (RuntimeException e) {
            return List.of(message(e));
        }
        List<RuleGroup> groups = new ArrayList<>();
        try {
            for (Path rf : file.ruleFiles()) {
                groups.addAll(RuleFileLoader.load(rf, seriesInterval));
            }
        } catch (RuntimeException e) {
            return List.of(message(e));
        }
        // Stable: groups the order does not name keep their file order, ranked as the first named one.
        groups.sort(Comparator.comparingInt(g -> groupOrder.getOrDefault(g.name(), 0)));

        Map<Long, List<RuleTestFile.AlertTest>> alertTests = new TreeMap<>();
        for (RuleTestFile.AlertTest a : group.alertTests()) {
            if (a.alertname().isEmpty()) {
                String in = group.name().isEmpty() ? "" : " (in TestGroup " + group.name() + ")";
                return List.of("an item under alert_rule_test misses required attribute alertname at eval_time "
                        + PromtoolText.duration(a.evalTime().toMillis()) + in);
            }
            alertTests.computeIfAbsent(a.evalTime().toMillis(), k -> new ArrayList<>()).add(a);
        }
        List<Long> alertTimes = new ArrayList<>(alertTests.keySet());

        Engine engine = new Engine(store, new EngineOptions(Duration.ofMinutes(5), Duration.ofSeconds(100), 50_000_000,
                file.evaluationInterval()));
        FiringAlerts firing = new FiringAlerts(groups, expander.withQuery(engine::instantVector), group.externalLabels(),
                group.externalUrl());
        SamplePublisher publisher = written -> {
            for (SeriesSamples s : written) {
                for (int i = 0; i < s.size(); i++) {
                    store.add(s.labels(), s.timestamps()[i], s.values()[i]);
                }
            }
            return CompletableFuture.completedFuture(null);
        };
        RuleManager manager = new RuleManager(null, firing.capturing(engine::instantVector), (selector, ts) -> List.of(),
                AlertNotifier.DISCARD, publisher, Clock.systemUTC(), group.externalUrl());
        manager.setExternalLabels(group.externalLabels());

        long maxt = mint + group.maxEvalTime().toMillis();
        int next = 0;
        for (long ts = mint; ts <= maxt; ts += evalInterval) {
            feed.loadTill(ts, store);
            List<String> evalErrors = new ArrayList<>();
            for (RuleGroup g : groups) {
                manager.evaluateAt(g, ts);
                firing.afterEvaluation(g, ts);
                for (Rule r : g.rules()) {
                    if ("err".equals(r.health().health())) {
                        evalErrors.add("    rule: " + r.name() + ", time: " + PromtoolText.goDuration(ts) + ", err: "
                                + r.health().lastError());
                    }
                }
            }
            if (!evalErrors.isEmpty()) {
                errors.addAll(evalErrors);
                return errors;
            }
            while (next < alertTimes.size() && ts - mint <= alertTimes.get(next)
                    && alertTimes.get(next) < ts + evalInterval - mint) {
                checkAlerts(groups, firing, alertTests.get(alertTimes.get(next)));
                next++;
            }
        }
        for (RuleTestFile.ExprTest t : group.exprTests()) {
            checkExpr(engine, mint, t);
        }
        return errors;
    }

    private void checkAlerts(List<RuleGroup> groups, FiringAlerts firing, List<RuleTestFile.AlertTest> tests) {
        Set<String> names = new LinkedHashSet<>();
        tests.forEach(t -> names.add(t.alertname()));
        // An alert name may belong to several rules, in several groups: their alerts are checked together.
        Map<String, List<ReportedAlert>> got = new HashMap<>();
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule ar && names.contains(ar.name())) {
                    got.computeIfAbsent(ar.name(), k -> new ArrayList<>()).addAll(firing.firing(ar));
                }
            }
        }
        for (RuleTestFile.AlertTest t : tests) {
            List<ReportedAlert> gotAlerts = new ArrayList<>(got.getOrDefault(t.alertname(), List.of()));
            List<ReportedAlert> expAlerts = new ArrayList<>();
            for (RuleTestFile.ExpectedAlert e : t.expAlerts()) {
                Map<String, String> labels = new LinkedHashMap<>(e.labels());
                labels.put("alertname", t.alertname());
                expAlerts.add(new ReportedAlert(LabelMap.of(labels), LabelMap.of(e.annotations())));
            }
            Collections.sort(gotAlerts);
            Collections.sort(expAlerts);
            if (!expAlerts.equals(gotAlerts)) {
                String name = group.name().isEmpty() ? "" : "    name: " + group.name() + ",\n";
                String indent = " ".repeat(12);
                errors.add(name + "    alertname: " + t.alertname() + ", time: " + PromtoolText.duration(t.evalTime().toMillis())
                        + ", \n        exp:" + PromtoolText.indentLines(alertList(expAlerts), indent)
                        + ", \n        got:" + PromtoolText.indentLines(alertList(gotAlerts), indent));
            }
        }
    }

    /** As promtool lists alerts: {@code []}, or numbered entries indented under brackets. */
    private static String alertList(List<ReportedAlert> alerts) {
        if (alerts.isEmpty()) {
            return "[]";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < alerts.size(); i++) {
            b.append(i == 0 ? "\n" : ",\n").append(i).append(':')
                    .append(PromtoolText.indentLines("\n" + alerts.get(i), "  "));
        }
        return b.append("\n]").toString();
    }

    private void checkExpr(Engine engine, long mint, RuleTestFile.ExprTest t) {
        String head = "    expr: " + PromqlText.quote(t.expr()) + ", time: " + PromtoolText.duration(t.evalTime().toMillis());
        List<Sample> got;
        try {
            Expr expr = PromqlParser.parseExpr(t.expr());
            got = asVector(engine.instant(expr, mint + t.evalTime().toMillis()).value());
        } catch (RuntimeException e) {
            errors.add(head + ", err: " + message(e));
            return;
        }
        List<Sample> expected = new ArrayList<>();
        for (RuleTestFile.ExpectedSample s : t.expSamples()) {
            try {
                if (!s.histogram().isEmpty()) {
                    throw new IllegalArgumentException("native histograms are not supported by Pharos");
                }
                expected.add(new Sample(expectedLabels(s.labels()), 0, s.value()));
            } catch (RuntimeException e) {
                errors.add(head + ", err: labels " + PromqlText.quote(s.labels()) + ": " + message(e));
                return;
            }
        }
        Comparator<Sample> byLabels = Comparator.comparing(Sample::labels);
        expected.sort(byLabels);
        got = new ArrayList<>(got);
        got.sort(byLabels);
        if (!sameSamples(expected, got)) {
            errors.add(head + ",\n        exp: " + samples(expected) + "\n        got: " + samples(got));
        }
    }

    /** A query result as promtool takes it: a vector, or a scalar as one sample without labels. */
    private static List<Sample> asVector(Value v) {
        if (v instanceof Vector vec) {
            return vec.samples();
        }
        if (v instanceof Scalar s) {
            return List.of(new Sample(Labels.EMPTY, s.timestamp(), s.value()));
        }
        throw new IllegalArgumentException("rule result is not a vector or scalar");
    }

    /** Expected labels in series notation; empty text (or {@code {}}) is the empty label set. */
    private static Labels expectedLabels(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.replace(" ", "").equals("{}")) {
            return Labels.EMPTY;
        }
        return SeriesLabels.parse(t);
    }

    /** Exact comparison of labels and values as promtool's (NaN equals nothing), or within one ulp with fuzzy_compare. */
    private boolean sameSamples(List<Sample> expected, List<Sample> got) {
        if (expected.size() != got.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            Sample e = expected.get(i);
            Sample g = got.get(i);
            if (!e.labels().equals(g.labels()) || !sameValue(e.value(), g.value())) {
                return false;
            }
        }
        return true;
    }

    private boolean sameValue(double expected, double got) {
        if (expected == got) {
            return true;
        }
        return file.fuzzyCompare() && (Math.nextDown(expected) == got || Math.nextUp(expected) == got);
    }

    private static String samples(List<Sample> samples) {
        if (samples.isEmpty()) {
            return "nil";
        }
        StringBuilder b = new StringBuilder();
        for (Sample s : samples) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(PromtoolText.labels(s.labels())).append(' ').append(PromtoolText.floatE(s.value()));
        }
        return b.toString();
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
