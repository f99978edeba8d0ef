package io.pharos.query.rules.unittest;

import io.pharos.model.labels.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A rule test file in {@code promtool test rules} format, as read: the rule files its patterns
 * matched (relative patterns resolved against the test file's directory), the patterns that
 * matched nothing, the evaluation interval (1m when unset), the group order and the test groups.
 * Series, expressions and expected labels stay text here; they are parsed when a group runs, so
 * that an error in one test group fails that group only, as in promtool.
 */
public record RuleTestFile(Path path, List<Path> ruleFiles, List<String> unmatchedPatterns, Duration evaluationInterval,
        List<String> groupEvalOrder, boolean fuzzyCompare, List<TestGroup> tests) {

    public RuleTestFile {
        ruleFiles = List.copyOf(ruleFiles);
        unmatchedPatterns = List.copyOf(unmatchedPatterns);
        groupEvalOrder = List.copyOf(groupEvalOrder);
        tests = List.copyOf(tests);
    }

    /**
     * One entry of {@code tests}: input series and the checks run on them.
     *
     * @param interval       the input series' sample interval; null when unset (the evaluation interval applies)
     * @param startMillis    {@code start_timestamp}: the time of the first sample and of eval_time 0
     */
    public record TestGroup(String name, Duration interval, List<InputSeries> inputSeries, List<AlertTest> alertTests,
            List<ExprTest> exprTests, Labels externalLabels, String externalUrl, long startMillis) {
        public TestGroup {
            inputSeries = List.copyOf(inputSeries);
            alertTests = List.copyOf(alertTests);
            exprTests = List.copyOf(exprTests);
        }

        /** The latest {@code eval_time} of any check: evaluation runs from the start up to it. */
        Duration maxEvalTime() {
            Duration max = Duration.ZERO;
            for (AlertTest a : alertTests) {
                max = a.evalTime().compareTo(max) > 0 ? a.evalTime() : max;
            }
            for (ExprTest e : exprTests) {
                max = e.evalTime().compareTo(max) > 0 ? e.evalTime() : max;
            }
            return max;
        }
    }

    /** {@code series} in series notation and {@code values} in expanding notation. */
    public record InputSeries(String series, String values) {
    }

    /** The alerts of one name expected to be firing at {@code evalTime}. */
    public record AlertTest(Duration evalTime, String alertname, List<ExpectedAlert> expAlerts) {
        public AlertTest {
            expAlerts = List.copyOf(expAlerts);
        }
    }

    /** Labels (without {@code alertname}) and annotations of an expected alert, after template expansion. */
    public record ExpectedAlert(Map<String, String> labels, Map<String, String> annotations) {
        public ExpectedAlert {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
        }
    }

    /** An instant query at {@code evalTime} and the samples it must return. */
    public record ExprTest(String expr, Duration evalTime, List<ExpectedSample> expSamples) {
        public ExprTest {
            expSamples = List.copyOf(expSamples);
        }
    }

    /**
     * One expected sample: labels in series notation (empty for none), the value, and a native
     * histogram in test notation, which Pharos cannot check (it stores no native histograms).
     */
    public record ExpectedSample(String labels, double value, String histogram) {
    }
}
