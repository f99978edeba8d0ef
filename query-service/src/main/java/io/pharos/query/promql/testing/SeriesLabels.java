package io.pharos.query.promql.testing;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.query.promql.parser.PromqlParser;

/**
 * The series notation of test scripts and rule unit tests: a label set written as a selector of
 * equality matchers ({@code up}, {@code up{job="a"}}, {@code {__name__="up", job="a"}}).
 */
public final class SeriesLabels {
    private SeriesLabels() {
    }

    /**
     * The label set a series notation spells out. Throws the parser's
     * {@link io.pharos.query.promql.parser.ParseException} for bad syntax and
     * IllegalArgumentException for a matcher other than {@code =}.
     */
    public static Labels parse(String selector) {
        Labels.Builder b = Labels.builder();
        for (Matcher m : PromqlParser.parseMetricSelector(selector)) {
            if (m.type() != Matcher.Type.EQ) {
                throw new IllegalArgumentException("series definition with a non-equality matcher: " + selector);
            }
            b.set(m.name(), m.value());
        }
        return b.build();
    }

    /**
     * Splits a script line into the series notation and the values: the notation ends at the first
     * whitespace outside braces and quotes.
     */
    public static String[] splitLine(String line) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if ((c == ' ' || c == '\t') && depth == 0) {
                return new String[] {line.substring(0, i), line.substring(i + 1)};
            }
        }
        return new String[] {line, ""};
    }
}
