package io.pharos.query.rules.unittest;

import io.pharos.model.config.ConfigException;
import io.pharos.model.config.YamlNode;
import io.pharos.model.labels.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a rule test file as strictly as promtool: an unknown field anywhere is an error naming
 * file and line. Resolves {@code rule_files} against the test file's directory and expands
 * their globs as Go's {@code filepath.Glob} does ({@code *}, {@code ?}, {@code [...]} in any
 * path element, matches in lexical order).
 */
public final class RuleTestFileReader {
    private static final Set<String> FILE = Set.of("rule_files", "evaluation_interval", "group_eval_order", "tests",
            "fuzzy_compare");
    private static final Set<String> GROUP = Set.of("interval", "input_series", "alert_rule_test", "promql_expr_test",
            "external_labels", "external_url", "name", "start_timestamp");
    private static final Set<String> SERIES = Set.of("series", "values");
    private static final Set<String> ALERT_TEST = Set.of("eval_time", "alertname", "exp_alerts");
    private static final Set<String> ALERT = Set.of("exp_labels", "exp_annotations");
    private static final Set<String> EXPR_TEST = Set.of("expr", "eval_time", "exp_samples");
    private static final Set<String> SAMPLE = Set.of("labels", "value", "histogram");
    /** What YAML (1.1, as Go's yaml.v2 reads it) takes for a float. */
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern UNIX_SECONDS = Pattern.compile("^[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?$");
    static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);

    private RuleTestFileReader() {
    }

    /** Reads and resolves a test file; throws ConfigException when it cannot be read or is invalid. */
    public static RuleTestFile read(Path file) {
        YamlNode root = YamlNode.load(file);
        Map<String, YamlNode> f = root.fields(FILE);
        List<String> patterns = f.containsKey("rule_files") ? f.get("rule_files").stringList() : List.of();
        Duration interval = f.containsKey("evaluation_interval") ? f.get("evaluation_interval").duration() : Duration.ZERO;
        if (interval.isZero()) {
            interval = DEFAULT_EVALUATION_INTERVAL;
        }
        List<String> order = f.containsKey("group_eval_order") ? f.get("group_eval_order").stringList() : List.of();
        boolean fuzzy = f.containsKey("fuzzy_compare") && !f.get("fuzzy_compare").isNull() && f.get("fuzzy_compare").bool();
        List<RuleTestFile.TestGroup> tests = new ArrayList<>();
        if (f.containsKey("tests")) {
            for (YamlNode t : f.get("tests").list()) {
                tests.add(testGroup(t));
            }
        }
        Path base = file.toAbsolutePath().getParent();
        List<Path> ruleFiles = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.isEmpty()) {
                unmatched.add(pattern);
                continue;
            }
            String resolved = Path.of(pattern).isAbsolute() ? pattern : base.resolve(pattern).normalize().toString();
            List<Path> matches = glob(resolved);
            if (matches.isEmpty()) {
                unmatched.add(resolved);
            }
            for (Path m : matches) {
                // A file matched twice is loaded once: Prometheus keys groups by file and name.
                if (!ruleFiles.contains(m)) {
                    ruleFiles.add(m);
                }
            }
        }
        return new RuleTestFile(file, ruleFiles, unmatched, interval, order, fuzzy, tests);
    }

    private static RuleTestFile.TestGroup testGroup(YamlNode node) {
        Map<String, YamlNode> f = node.fields(GROUP);
        Duration interval = f.containsKey("interval") ? f.get("interval").duration() : Duration.ZERO;
        List<RuleTestFile.InputSeries> series = new ArrayList<>();
        if (f.containsKey("input_series")) {
            for (YamlNode s : f.get("input_series").list()) {
                Map<String, YamlNode> sf = s.fields(SERIES);
                series.add(new RuleTestFile.InputSeries(text(sf, "series"), text(sf, "values")));
            }
        }
        List<RuleTestFile.AlertTest> alertTests = new ArrayList<>();
        if (f.containsKey("alert_rule_test")) {
            for (YamlNode a : f.get("alert_rule_test").list()) {
                alertTests.add(alertTest(a));
            }
        }
        List<RuleTestFile.ExprTest> exprTests = new ArrayList<>();
        if (f.containsKey("promql_expr_test")) {
            for (YamlNode e : f.get("promql_expr_test").list()) {
                exprTests.add(exprTest(e));
            }
        }
        Labels external = f.containsKey("external_labels") ? Labels.fromMap(f.get("external_labels").stringMap()) : Labels.EMPTY;
        long start = f.containsKey("start_timestamp") ? startMillis(f.get("start_timestamp")) : 0;
        return new RuleTestFile.TestGroup(text(f, "name"), interval.isZero() ? null : interval, series, alertTests,
                exprTests, external, text(f, "external_url"), start);
    }

    private static RuleTestFile.AlertTest alertTest(YamlNode node) {
        Map<String, YamlNode> f = node.fields(ALERT_TEST);
        List<RuleTestFile.ExpectedAlert> expected = new ArrayList<>();
        if (f.containsKey("exp_alerts")) {
            for (YamlNode a : f.get("exp_alerts").list()) {
                Map<String, YamlNode> af = a.fields(ALERT);
                expected.add(new RuleTestFile.ExpectedAlert(
                        af.containsKey("exp_labels") ? af.get("exp_labels").stringMap() : Map.of(),
                        af.containsKey("exp_annotations") ? af.get("exp_annotations").stringMap() : Map.of()));
            }
        }
        return new RuleTestFile.AlertTest(evalTime(f), text(f, "alertname"), expected);
    }

    private static RuleTestFile.ExprTest exprTest(YamlNode node) {
        Map<String, YamlNode> f = node.fields(EXPR_TEST);
        List<RuleTestFile.ExpectedSample> samples = new ArrayList<>();
        if (f.containsKey("exp_samples")) {
            for (YamlNode s : f.get("exp_samples").list()) {
                Map<String, YamlNode> sf = s.fields(SAMPLE);
                double value = sf.containsKey("value") ? yamlFloat(sf.get("value")) : 0;
                samples.add(new RuleTestFile.ExpectedSample(text(sf, "labels"), value, text(sf, "histogram")));
            }
        }
        return new RuleTestFile.ExprTest(text(f, "expr"), evalTime(f), samples);
    }

    private static Duration evalTime(Map<String, YamlNode> f) {
        return f.containsKey("eval_time") && !f.get("eval_time").isNull() ? f.get("eval_time").duration() : Duration.ZERO;
    }

    private static String text(Map<String, YamlNode> f, String key) {
        return f.containsKey(key) ? f.get(key).string() : "";
    }

    /** A float as YAML 1.1 writes it: decimal or integer (0x, 0o, 0b, underscores), .inf, .nan. */
    static double yamlFloat(YamlNode node) {
        if (node.isNull()) {
            return 0;
        }
        String raw = node.string().strip();
        String s = raw.replace("_", "");
        switch (s) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            default:
                break;
        }
        Long integer = goInteger(s);
        if (integer != null) {
            return integer;
        }
        if (YAML_FLOAT.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        throw node.error("cannot unmarshal \"" + raw + "\" into a float");
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}: optional sign, 0x / 0o / 0b / leading-0 octal prefixes. */
    private static Long goInteger(String s) {
        boolean negative = s.startsWith("-");
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        String lower = body.toLowerCase(Locale.ROOT);
        int radix = 10;
        if (lower.startsWith("0x")) {
            radix = 16;
            body = body.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            body = body.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            body = body.substring(2);
        } else if (body.length() > 1 && body.startsWith("0")) {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return null;
        }
        for (int i = 0; i < body.length(); i++) {
            if (Character.digit(body.charAt(i), radix) < 0) {
                return null;
            }
        }
        try {
            long v = Long.parseLong(body, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code start_timestamp}: Unix seconds (fractions allowed) or an RFC 3339 time. */
    static long startMillis(YamlNode node) {
        String s = node.string().strip();
        if (UNIX_SECONDS.matcher(s).matches()) {
            return Math.round(Double.parseDouble(s) * 1000);
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw node.error("cannot parse \"" + s + "\" to a valid timestamp");
        }
    }

    /** Go's {@code filepath.Glob}: a pattern without metacharacters matches itself if it exists. */
    static List<Path> glob(String pattern) {
        Path p = Path.of(pattern);
        if (!hasMeta(pattern)) {
            return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? List.of(p) : List.of();
        }
        Path parent = p.getParent();
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        List<Path> dirs = parent == null ? List.of(Path.of("."))
                : hasMeta(parent.toString()) ? glob(parent.toString()) : List.of(parent);
        Pattern regex = globRegex(name);
        List<Path> out = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                entries.map(e -> e.getFileName().toString()).filter(n -> regex.matcher(n).matches()).sorted()
                        .forEach(n -> out.add(parent == null ? Path.of(n) : dir.resolve(n)));
            } catch (IOException e) {
                throw new ConfigException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static boolean hasMeta(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('\\') >= 0;
    }

    /** One path element of a Go glob as a regex: {@code *}, {@code ?}, {@code [a-z]}, {@code [^a]}, {@code \x}. */
    private static Pattern globRegex(String glob) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> r.append("[^/]*");
                case '?' -> r.append("[^/]");
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        r.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new ConfigException("syntax error in pattern " + glob);
                    }
                    String body = glob.substring(i + 1, end);
                    boolean negated = body.startsWith("^");
                    if (negated) {
                        body = body.substring(1);
                    }
                    r.append('[').append(negated ? "^" : "").append(body.replace("[", "\\[").replace("&&", "\\&\\&"))
                            .append(']');
                    i = end;
                }
                default -> r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(r.toString());
    }
}
