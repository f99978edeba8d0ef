package io.pharos.query.rules;

import static io.pharos.model.template.Functions.none;
import static io.pharos.model.template.Functions.one;
import static io.pharos.model.template.Functions.str;
import static io.pharos.model.template.Functions.two;

import io.pharos.model.config.PromDuration;
import io.pharos.model.labels.Labels;
import io.pharos.model.template.Functions;
import io.pharos.model.template.GoDuration;
import io.pharos.model.template.GoFmt;
import io.pharos.model.template.GoObject;
import io.pharos.model.template.GoTime;
import io.pharos.model.template.TemplateException;
import io.pharos.model.template.TemplateSet;
import io.pharos.model.template.Values;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.value.Sample;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The templates of alerting rule labels and annotations, expanded as Prometheus expands them on
 * every evaluation: the data {@code .Labels}, {@code .ExternalLabels}, {@code .ExternalURL},
 * {@code .Value} with the variables {@code $labels}, {@code $externalLabels},
 * {@code $externalURL} and {@code $value} declared ahead of the text, and Prometheus's functions
 * ({@code humanize}, {@code humanize1024}, {@code humanizeDuration}, {@code humanizePercentage},
 * {@code humanizeTimestamp}, {@code query}, {@code first}, {@code label}, {@code value},
 * {@code strvalue}, {@code sortByLabel}, {@code args}, {@code pathPrefix}, {@code externalURL},
 * {@code parseDuration}, {@code toTime}, {@code toDuration}, {@code now}, ...) on top of Go's
 * builtins and the shared string functions.
 */
public final class AlertTemplates {
    /** Prometheus's variable declarations, joined to the text without a newline so lines keep their numbers. */
    private static final String DEFS = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
            + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

    private final Labels externalLabels;
    private final String externalUrl;
    private final QueryFunction query;

    /**
     * @param query runs {@code query "..."} at the evaluation time; null when templates may not query
     */
    public AlertTemplates(Labels externalLabels, String externalUrl, QueryFunction query) {
        this.externalLabels = externalLabels == null ? Labels.EMPTY : externalLabels;
        this.externalUrl = externalUrl == null ? "" : externalUrl;
        this.query = query;
    }

    /** No external labels or URL, no {@code query}. */
    public static AlertTemplates plain() {
        return new AlertTemplates(Labels.EMPTY, "", null);
    }

    /**
     * {@code text} expanded for one result sample at {@code timestampMillis}; a failure is
     * rendered into the result as {@code <error expanding template: ...>}, as Prometheus does.
     */
    public String expand(String alertName, String text, Labels sampleLabels, double value, long timestampMillis) {
        try {
            return expandOrThrow("__alert_" + alertName, text, sampleLabels, value, timestampMillis);
        } catch (TemplateException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        }
    }

    /**
     * {@code text} expanded under the template name {@code name}, throwing Prometheus's
     * {@code error parsing template NAME: ...} or {@code error executing template NAME: ...}.
     */
    public String expandOrThrow(String name, String text, Labels sampleLabels, double value, long timestampMillis)
            throws TemplateException {
        if (text.indexOf("{{") < 0) {
            return text;
        }
        TemplateSet set = new TemplateSet(functions(timestampMillis));
        String full = DEFS + text;
        try {
            set.check(name, full);
        } catch (TemplateException e) {
            throw new TemplateException("error parsing template " + name + ": " + e.getMessage());
        }
        try {
            return set.execute(name, full, new Data(sampleLabels, value), false);
        } catch (TemplateException e) {
            throw new TemplateException("error executing template " + name + ": " + e.getMessage());
        }
    }

    /**
     * Checks that {@code text} parses as an alert template of the rule {@code alertName}, as
     * {@code promtool check rules} does; the message is the parser's ({@code template: __alert_X:1: ...}).
     */
    public static void checkSyntax(String alertName, String text) throws TemplateException {
        new TemplateSet(plain().functions(0)).check("__alert_" + alertName, DEFS + text);
    }

    /** Prometheus's {@code AlertTemplateData}. */
    private final class Data implements GoObject {
        private final LabelMap labels;
        private final double value;

        Data(Labels labels, double value) {
            this.labels = new LabelMap(labels);
            this.value = value;
        }

        @Override
        public Object member(String name) {
            switch (name) {
                case "Labels":
                    return labels;
                case "ExternalLabels":
                    return new LabelMap(externalLabels);
                case "ExternalURL":
                    return externalUrl;
                case "Value":
                    return value;
                default:
                    return NONE;
            }
        }

        @Override
        public String goType() {
            return "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }";
        }
    }

    /** One sample of a {@code query} result: {@code .Labels} and {@code .Value}. */
    record QuerySample(LabelMap labels, double value) implements GoObject {
        @Override
        public Object member(String name) {
            switch (name) {
                case "Labels":
                    return labels;
                case "Value":
                    return value;
                default:
                    return NONE;
            }
        }

        @Override
        public String goType() {
            return "*template.sample";
        }

        @Override
        public String toString() {
            return "&{" + Values.format(labels) + " " + Values.format(value) + "}";
        }
    }

    private Functions functions(long timestampMillis) {
        Functions fns = new Functions();
        fns.register("query", args -> runQuery(str(args, "query"), timestampMillis));
        fns.register("first", args -> {
            List<?> v = samples(one(args, "first"), "first");
            if (v.isEmpty()) {
                throw new TemplateException("first() called on vector with no elements");
            }
            return v.get(0);
        });
        fns.register("label", args -> {
            two(args, "label");
            return sample(args.get(1), "label").labels().get(Values.string(args.get(0), "label"));
        });
        fns.register("value", args -> sample(one(args, "value"), "value").value());
        fns.register("strvalue", args -> sample(one(args, "strvalue"), "strvalue").labels().get("__value__"));
        fns.register("args", args -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                out.put("arg" + i, args.get(i));
            }
            return out;
        });
        fns.register("sortByLabel", args -> {
            two(args, "sortByLabel");
            String label = Values.string(args.get(0), "sortByLabel");
            List<QuerySample> out = new ArrayList<>();
            for (Object o : samples(args.get(1), "sortByLabel")) {
                out.add(sample(o, "sortByLabel"));
            }
            out.sort(Comparator.comparing((QuerySample s) -> s.labels().get(label)));
            return out;
        });
        fns.register("graphLink", args -> "/graph?g0.expr=" + queryEscape(str(args, "graphLink")) + "&g0.tab=0");
        fns.register("tableLink", args -> "/graph?g0.expr=" + queryEscape(str(args, "tableLink")) + "&g0.tab=1");
        fns.register("urlQueryEscape", args -> queryEscape(str(args, "urlQueryEscape")));
        fns.register("stripPort", args -> stripPort(str(args, "stripPort")));
        fns.register("humanize", args -> humanize(toFloat(one(args, "humanize"))));
        fns.register("humanize1024", args -> humanize1024(toFloat(one(args, "humanize1024"))));
        fns.register("humanizeDuration", args -> Functions.humanizeDuration(toFloat(one(args, "humanizeDuration"))));
        fns.register("humanizePercentage", args -> g4(toFloat(one(args, "humanizePercentage")) * 100) + "%");
        fns.register("humanizeTimestamp", args -> {
            double v = toFloat(one(args, "humanizeTimestamp"));
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return g4(v);
            }
            return toTime(v).toString();
        });
        fns.register("toTime", args -> toTime(toFloat(one(args, "toTime"))));
        fns.register("toDuration", args -> new GoDuration((long) (toFloat(one(args, "toDuration")) * 1e9)));
        fns.register("now", args -> {
            none(args, "now");
            return timestampMillis / 1000.0;
        });
        fns.register("pathPrefix", args -> {
            none(args, "pathPrefix");
            try {
                String p = URI.create(externalUrl).getPath();
                return p == null ? "" : p;
            } catch (IllegalArgumentException e) {
                return "";
            }
        });
        fns.register("externalURL", args -> {
            none(args, "externalURL");
            return externalUrl;
        });
        fns.register("parseDuration", args -> {
            String d = str(args, "parseDuration");
            boolean negative = d.startsWith("-");
            try {
                double s = PromDuration.parse(negative ? d.substring(1) : d).toMillis() / 1000.0;
                return negative ? -s : s;
            } catch (IllegalArgumentException e) {
                throw new TemplateException(e.getMessage());
            }
        });
        return fns;
    }

    private List<QuerySample> runQuery(String q, long timestampMillis) throws TemplateException {
        if (query == null) {
            throw new TemplateException("query is not available here");
        }
        List<QuerySample> out = new ArrayList<>();
        try {
            for (Sample s : query.query(PromqlParser.parseExpr(q), timestampMillis).samples()) {
                out.add(new QuerySample(new LabelMap(s.labels()), s.value()));
            }
        } catch (RuntimeException e) {
            throw new TemplateException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return out;
    }

    private static List<?> samples(Object v, String fn) throws TemplateException {
        if (v instanceof List<?> l) {
            return l;
        }
        throw new TemplateException("wrong type for value; expected template.queryResult; got " + Values.typeName(v)
                + " in " + fn);
    }

    private static QuerySample sample(Object v, String fn) throws TemplateException {
        if (v instanceof QuerySample s) {
            return s;
        }
        throw new TemplateException("wrong type for value; expected *template.sample; got " + Values.typeName(v)
                + " in " + fn);
    }

    /** Prometheus's {@code ConvertToFloat}: numbers, numeric strings and durations (in seconds). */
    static double toFloat(Object v) throws TemplateException {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof GoDuration d) {
            return d.seconds();
        }
        if (v instanceof String s) {
            try {
                return parseGoFloat(s);
            } catch (NumberFormatException e) {
                throw new TemplateException("strconv.ParseFloat: parsing " + GoFmt.quote(s) + ": invalid syntax");
            }
        }
        throw new TemplateException("can't convert " + Values.typeName(v) + " to float");
    }

    private static double parseGoFloat(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        double sign = s.startsWith("-") ? -1 : 1;
        if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (t.isEmpty() || !Character.isDigit(t.charAt(0)) && t.charAt(0) != '.') {
            throw new NumberFormatException(s);
        }
        return sign * new BigDecimal(t.replace("_", "")).doubleValue();
    }

    private static String g4(double v) {
        return GoFmt.sprintf("%.4g", List.of(v));
    }

    static String humanize(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        String prefix = "";
        if (Math.abs(v) >= 1) {
            for (String p : new String[] {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
                if (Math.abs(v) < 1000) {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
            return g4(v) + prefix;
        }
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return g4(v) + prefix;
    }

    static String humanize1024(double v) {
        if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        String prefix = "";
        for (String p : new String[] {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
            if (Math.abs(v) < 1024) {
                break;
            }
            prefix = p;
            v /= 1024;
        }
        return g4(v) + prefix;
    }

    private static GoTime toTime(double seconds) throws TemplateException {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new TemplateException("value is NaN or Inf");
        }
        double nanos = seconds * 1e9;
        if (nanos > Long.MAX_VALUE || nanos < Long.MIN_VALUE) {
            throw new TemplateException(Values.format(seconds)
                    + " cannot be represented as a nanoseconds timestamp since it overflows int64");
        }
        long n = (long) nanos;
        return new GoTime(Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L)),
                ZoneId.of("UTC"));
    }

    /** Go's {@code url.QueryEscape}. */
    private static String queryEscape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }

    private static String stripPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf("]:");
            return end < 0 ? hostPort : hostPort.substring(1, end);
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.indexOf(':') != colon) {
            return hostPort;
        }
        return hostPort.substring(0, colon);
    }

    /**
     * A Go {@code map[string]string} of labels: prints as {@code map[a:1 b:2]}, ranges in key
     * order, and a missing key reads as the empty string (templates run with {@code missingkey=zero}).
     */
    static final class LabelMap extends AbstractMap<String, String> {
        private final TreeMap<String, String> map = new TreeMap<>();

        LabelMap(Labels labels) {
            labels.forEach(map::put);
        }

        @Override
        public String get(Object key) {
            return map.getOrDefault(key, "");
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return map.entrySet();
        }
    }
}
