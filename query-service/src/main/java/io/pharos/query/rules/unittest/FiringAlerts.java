package io.pharos.query.rules.unittest;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Vector;
import io.pharos.query.rules.Alert;
import io.pharos.query.rules.AlertingRule;
import io.pharos.query.rules.QueryFunction;
import io.pharos.query.rules.Rule;
import io.pharos.query.rules.RuleGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The firing alerts of alerting rules as Prometheus reports them, with labels and annotations
 * expanded from the sample that last produced each alert.
 *
 * <p>{@link AlertingRule} keeps its label and annotation templates unexpanded, so this class
 * remembers, per alert, the sample (labels, value) and time of the last evaluation that returned
 * it: it sees each alerting rule's query result through {@link #capturing(QueryFunction)}, and
 * {@link #afterEvaluation(RuleGroup, long)} keys the samples by the alert label set the rule
 * derives from them. An alert kept firing by {@code keep_firing_for} keeps the sample it last
 * had, as Prometheus keeps its last annotations.
 */
final class FiringAlerts {
    private final TemplateExpander expander;
    private final Labels externalLabels;
    private final String externalUrl;
    private final Map<Expr, AlertingRule> rulesByExpr = new IdentityHashMap<>();
    private final Map<AlertingRule, Vector> lastResult = new IdentityHashMap<>();
    private final Map<AlertingRule, Map<Labels, Source>> sources = new IdentityHashMap<>();

    private record Source(Sample sample, long timestamp) {
    }

    FiringAlerts(List<RuleGroup> groups, TemplateExpander expander, Labels externalLabels, String externalUrl) {
        this.expander = expander;
        this.externalLabels = externalLabels;
        this.externalUrl = externalUrl;
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule ar) {
                    rulesByExpr.put(ar.expr(), ar);
                    sources.put(ar, new HashMap<>());
                }
            }
        }
    }

    /** The query function rules evaluate with, remembering each alerting rule's last result. */
    QueryFunction capturing(QueryFunction query) {
        return (expr, ts) -> {
            Vector result = query.query(expr, ts);
            AlertingRule rule = rulesByExpr.get(expr);
            if (rule != null) {
                lastResult.put(rule, result);
            }
            return result;
        };
    }

    /** Records the samples behind the alerts of a group just evaluated at {@code ts}. */
    void afterEvaluation(RuleGroup group, long ts) {
        for (Rule r : group.rules()) {
            if (!(r instanceof AlertingRule rule)) {
                continue;
            }
            Vector result = lastResult.remove(rule);
            if (result == null || !"ok".equals(rule.health().health())) {
                continue;
            }
            Map<Labels, Source> bySet = sources.get(rule);
            for (Sample s : result.samples()) {
                bySet.put(alertLabels(rule, s, ts), new Source(s, ts));
            }
            Set<Labels> active = new HashSet<>();
            for (Alert a : rule.alerts()) {
                active.add(a.labels());
            }
            bySet.keySet().retainAll(active);
        }
    }

    /** The alert label set as {@link AlertingRule} derives it: label templates expanded. */
    private Labels alertLabels(AlertingRule rule, Sample s, long ts) {
        TemplateData data = new TemplateData(s.labels(), s.value(), externalLabels, externalUrl, ts);
        String name = "__alert_" + rule.name();
        Labels.Builder b = s.labels().toBuilder().remove(Labels.METRIC_NAME);
        rule.labels().forEach((k, v) -> setOrRemove(b, k, expand(name, v, data)));
        return b.set("alertname", rule.name()).build();
    }

    /** The rule's firing alerts, expanded. */
    List<ReportedAlert> firing(AlertingRule rule) {
        List<ReportedAlert> out = new ArrayList<>();
        Map<Labels, Source> bySet = sources.get(rule);
        for (Alert a : rule.alerts()) {
            if (a.state() != Alert.State.FIRING) {
                continue;
            }
            Source src = bySet == null ? null : bySet.get(a.labels());
            if (src == null) {
                // Not seen through capturing (cannot happen for rules of the groups given): unexpanded.
                out.add(new ReportedAlert(LabelMap.of(a.labels()), LabelMap.of(a.annotations().values())));
                continue;
            }
            out.add(expanded(rule, src));
        }
        return out;
    }

    private ReportedAlert expanded(AlertingRule rule, Source src) {
        TemplateData data = new TemplateData(src.sample().labels(), src.sample().value(), externalLabels, externalUrl,
                src.timestamp());
        String name = "__alert_" + rule.name();
        Labels.Builder b = src.sample().labels().toBuilder().remove(Labels.METRIC_NAME);
        rule.labels().forEach((k, v) -> setOrRemove(b, k, expand(name, v, data)));
        b.set("alertname", rule.name());
        Map<String, String> annotations = new HashMap<>();
        rule.annotations().forEach((k, v) -> annotations.put(k, expand(name, v, data)));
        return new ReportedAlert(LabelMap.of(b.build()), LabelMap.of(annotations));
    }

    private String expand(String name, String text, TemplateData data) {
        try {
            return expander.expand(name, text, data);
        } catch (TemplateException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        }
    }

    /** An expanded label that is empty removes the label, as in Prometheus. */
    private static void setOrRemove(Labels.Builder b, String name, String value) {
        if (value.isEmpty()) {
            b.remove(name);
        } else {
            b.set(name, value);
        }
    }
}
