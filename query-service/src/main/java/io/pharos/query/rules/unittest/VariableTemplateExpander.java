package io.pharos.query.rules.unittest;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.PromqlText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link TemplateExpander} that prints variables and nothing else, until the shared template
 * engine replaces it. Supported, with Go's text/template output:
 * <ul>
 * <li>text outside actions, copied as is;</li>
 * <li>{@code {{ $labels.NAME }}} and {@code {{ .Labels.NAME }}}: the label's value, empty when
 *     the label is missing (Prometheus runs templates with {@code missingkey=zero});</li>
 * <li>{@code {{ $externalLabels.NAME }}} and {@code {{ .ExternalLabels.NAME }}}: likewise;</li>
 * <li>{@code {{ $value }}} and {@code {{ .Value }}}: the value as Go's {@code %v} prints a float64
 *     ({@code 0.5}, {@code 1e+06}, {@code +Inf}, {@code NaN});</li>
 * <li>{@code {{ $externalURL }}} and {@code {{ .ExternalURL }}};</li>
 * <li>{@code {{ $labels }}} and {@code {{ $externalLabels }}}: the whole map, as Go prints one
 *     ({@code map[instance:a job:b]});</li>
 * <li>trim markers (a dash and a space just inside the braces, which trim the whitespace on that
 *     side of the action) and comments (an action that is a slash-star comment).</li>
 * </ul>
 * Everything else is refused with a {@link TemplateException} rather than guessed, so that the
 * expanded text shows {@code <error expanding template: ...>}: pipelines and functions
 * ({@code {{ $value | humanize }}}, {@code humanize1024}, {@code humanizeDuration},
 * {@code humanizePercentage}, {@code humanizeTimestamp}, {@code printf}, {@code query},
 * {@code first}, {@code value}, {@code label}, {@code title}, {@code toUpper}, {@code toLower},
 * {@code reReplaceAll}, {@code match}, {@code args}, {@code tmpl}, {@code safeHtml},
 * {@code graphLink}, {@code tableLink}, {@code sortByLabel}, {@code pathPrefix},
 * {@code externalURL}, {@code parseDuration}, {@code toTime}, {@code now}, {@code index},
 * {@code len}, {@code eq} and the other comparisons, {@code and}/{@code or}/{@code not}); control
 * structures ({@code if}, {@code else}, {@code range}, {@code with}, {@code define},
 * {@code template}, {@code block}, {@code break}, {@code continue}, {@code end}); variable
 * declarations and assignments ({@code $x := ...}); literals (strings, numbers, booleans,
 * {@code nil}); parenthesised expressions; the root ({@code $}, {@code .}) and any other variable
 * or field chain ({@code $labels.a.b}).
 */
public final class VariableTemplateExpander implements TemplateExpander {
    private static final Pattern VARIABLE = Pattern.compile("^(\\$[\\p{L}\\p{Nd}_]*|\\.[\\p{L}_][\\p{L}\\p{Nd}_]*)(?:\\.([\\p{L}_][\\p{L}\\p{Nd}_]*))?$");

    @Override
    public String expand(String name, String text, TemplateData data) throws TemplateException {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        boolean trimNext = false;
        while (true) {
            int open = text.indexOf("{{", pos);
            String literal = open < 0 ? text.substring(pos) : text.substring(pos, open);
            if (trimNext) {
                literal = literal.stripLeading();
            }
            if (open < 0) {
                out.append(literal);
                return out.toString();
            }
            int actionStart = open + 2;
            if (isTrimMarker(text, actionStart)) {
                literal = literal.stripTrailing();
                actionStart += 2;
            }
            out.append(literal);
            int line = lineOf(text, open);
            int close = findClose(text, actionStart);
            if (close < 0) {
                throw error(name, line, "unclosed action");
            }
            int actionEnd = close;
            trimNext = false;
            if (close - 2 >= actionStart && text.charAt(close - 1) == '-' && Character.isWhitespace(text.charAt(close - 2))) {
                actionEnd = close - 1;
                trimNext = true;
            }
            out.append(evaluate(name, line, text.substring(actionStart, actionEnd).strip(), data));
            pos = close + 2;
        }
    }

    /** An opening trim marker: a dash followed by whitespace, as in Go. */
    private static boolean isTrimMarker(String text, int i) {
        return i + 1 < text.length() && text.charAt(i) == '-' && Character.isWhitespace(text.charAt(i + 1));
    }

    private static int findClose(String text, int from) {
        if (text.startsWith("/*", from) || text.startsWith("/*", skipSpaces(text, from))) {
            int end = text.indexOf("*/", from);
            return end < 0 ? -1 : text.indexOf("}}", end);
        }
        return text.indexOf("}}", from);
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String evaluate(String name, int line, String action, TemplateData data) throws TemplateException {
        if (action.startsWith("/*") && action.endsWith("*/")) {
            return "";
        }
        if (action.isEmpty()) {
            throw error(name, line, "missing value for command");
        }
        Matcher m = VARIABLE.matcher(action);
        if (!m.matches()) {
            throw unsupported(name, line, action);
        }
        String root = m.group(1);
        String field = m.group(2);
        switch (root) {
            case "$labels", ".Labels":
                return field == null ? goMap(data.labels()) : data.labels().get(field);
            case "$externalLabels", ".ExternalLabels":
                return field == null ? goMap(data.externalLabels()) : data.externalLabels().get(field);
            case "$value", ".Value":
                if (field != null) {
                    throw error(name, line, "can't evaluate field " + field + " in type float64");
                }
                return PromqlText.formatFloatG(data.value());
            case "$externalURL", ".ExternalURL":
                if (field != null) {
                    throw error(name, line, "can't evaluate field " + field + " in type string");
                }
                return data.externalUrl();
            default:
                if (root.startsWith("$") && !root.equals("$")) {
                    throw error(name, line, "undefined variable \"" + root + "\"");
                }
                throw unsupported(name, line, action);
        }
    }

    /** A string map as Go's fmt prints it: keys sorted, {@code map[a:1 b:2]}. */
    private static String goMap(Labels labels) {
        StringBuilder b = new StringBuilder("map[");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(labels.name(i)).append(':').append(labels.value(i));
        }
        return b.append(']').toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static TemplateException unsupported(String name, int line, String action) {
        return error(name, line, "{{ " + action + " }}: not supported by Pharos's interim template expander"
                + " (only $labels.NAME, $externalLabels.NAME, $value and $externalURL are printed)");
    }

    private static TemplateException error(String name, int line, String message) {
        return new TemplateException("template: " + name + ":" + line + ": " + message);
    }
}
