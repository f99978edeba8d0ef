package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.PromqlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code label_replace} and {@code label_join}: they change a series' labels, not its samples, so
 * they work on whole series. Setting {@code __name__} keeps the name a function before would have
 * dropped. Series that end up with the same labels are merged, unless they overlap in time.
 */
final class LabelFunctions {
    private LabelFunctions() {
    }

    static Steps labelReplace(Evaluator evaluator, Evaluation ev, Call call) {
        String dst = string(evaluator, call, 1);
        String replacement = string(evaluator, call, 2);
        String src = string(evaluator, call, 3);
        String regex = string(evaluator, call, 4);
        Pattern pattern;
        try {
            pattern = Pattern.compile("^(?s:" + GoRegex.toJava(regex) + ")\\z");
        } catch (PatternSyntaxException e) {
            throw QueryException.execution("invalid regular expression in label_replace(): " + regex);
        }
        if (!validLabelName(dst)) {
            throw QueryException.execution("invalid destination label name in label_replace(): " + dst);
        }
        List<StepSeries> in = evaluator.vectorSeries(call.args().get(0));
        List<StepSeries> out = new ArrayList<>(in.size());
        for (StepSeries s : in) {
            String value = s.labels.get(src);
            Matcher m = pattern.matcher(value);
            if (!m.find()) {
                out.add(s);
                continue;
            }
            String result = GoRegex.expand(m, replacement, value);
            Labels labels = s.labels.toBuilder().set(dst, result).build();
            out.add(s.withLabels(labels, !dst.equals(Labels.METRIC_NAME) && s.dropName));
        }
        return new Steps.VectorSteps(merge(out));
    }

    static Steps labelJoin(Evaluator evaluator, Evaluation ev, Call call) {
        String dst = string(evaluator, call, 1);
        String separator = string(evaluator, call, 2);
        List<String> sources = new ArrayList<>();
        for (int i = 3; i < call.args().size(); i++) {
            String src = string(evaluator, call, i);
            if (!validLabelName(src)) {
                throw QueryException.execution("invalid source label name in label_join(): " + src);
            }
            sources.add(src);
        }
        if (!validLabelName(dst)) {
            throw QueryException.execution("invalid destination label name in label_join(): " + dst);
        }
        List<StepSeries> in = evaluator.vectorSeries(call.args().get(0));
        List<StepSeries> out = new ArrayList<>(in.size());
        for (StepSeries s : in) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < sources.size(); i++) {
                if (i > 0) {
                    joined.append(separator);
                }
                joined.append(s.labels.get(sources.get(i)));
            }
            Labels labels = s.labels.toBuilder().set(dst, joined.toString()).build();
            out.add(s.withLabels(labels, !dst.equals(Labels.METRIC_NAME) && s.dropName));
        }
        return new Steps.VectorSteps(merge(out));
    }

    static boolean validLabelName(String name) {
        return !name.isEmpty() && PromqlText.isValidUtf8(name);
    }

    private static String string(Evaluator evaluator, Call call, int index) {
        return ((Steps.StringSteps) evaluator.eval(call.args().get(index))).value();
    }

    /**
     * Series with the same labels merged into one; two samples at the same step are Prometheus's
     * "same labelset" error. Keeps the first series' place (and name-dropping flag).
     */
    static List<StepSeries> merge(List<StepSeries> series) {
        Map<Labels, List<StepSeries>> byLabels = new LinkedHashMap<>();
        boolean duplicates = false;
        for (StepSeries s : series) {
            List<StepSeries> same = byLabels.computeIfAbsent(s.labels, k -> new ArrayList<>(1));
            same.add(s);
            duplicates |= same.size() > 1;
        }
        if (!duplicates) {
            return series;
        }
        List<StepSeries> out = new ArrayList<>(byLabels.size());
        for (List<StepSeries> same : byLabels.values()) {
            if (same.size() == 1) {
                out.add(same.get(0));
                continue;
            }
            StepSeries base = same.get(0);
            int n = base.values.length;
            double[] values = base.values.clone();
            boolean[] present = base.present.clone();
            for (int k = 1; k < same.size(); k++) {
                StepSeries other = same.get(k);
                for (int i = 0; i < n; i++) {
                    if (other.present[i]) {
                        if (present[i]) {
                            throw QueryException.execution(Messages.SAME_LABELSET);
                        }
                        present[i] = true;
                        values[i] = other.values[i];
                    }
                }
            }
            out.add(new StepSeries(base.labels, base.dropName, values, present));
        }
        return out;
    }
}
