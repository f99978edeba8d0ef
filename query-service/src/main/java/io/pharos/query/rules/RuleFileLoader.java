package io.pharos.query.rules;

import io.pharos.model.config.ConfigException;
import io.pharos.model.config.YamlNode;
import io.pharos.model.labels.Labels;
import io.pharos.query.notifier.Annotations;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.ValueType;
import io.pharos.query.promql.parser.ParseException;
import io.pharos.query.promql.parser.PromqlParser;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Prometheus rule files and validates them as strictly as {@code promtool check rules}:
 * errors name the file, group and rule.
 */
public final class RuleFileLoader {
    private static final Set<String> FILE = Set.of("groups");
    private static final Set<String> GROUP = Set.of("name", "interval", "limit", "query_offset", "rules", "labels");
    private static final Set<String> RULE = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels",
            "annotations");
    private static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    private RuleFileLoader() {
    }

    /** Expands {@code rule_files} globs relative to the config's directory, in sorted order. */
    public static List<Path> expand(List<String> patterns, Path baseDir) {
        Set<Path> files = new TreeSet<>();
        for (String pattern : patterns) {
            Path p = baseDir.resolve(pattern);
            if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
                files.add(p);
                continue;
            }
            Path dir = p.getParent();
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.toString());
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(m::matches).forEach(files::add);
            } catch (IOException e) {
                throw new ConfigException("cannot list " + dir + " for rule_files pattern " + pattern + ": " + e.getMessage());
            }
        }
        return new ArrayList<>(files);
    }

    public static List<RuleGroup> load(Path file, Duration defaultInterval) {
        return parse(YamlNode.load(file), file.toString(), defaultInterval);
    }

    public static List<RuleGroup> parse(String fileName, String yaml, Duration defaultInterval) {
        return parse(YamlNode.parse(fileName, yaml), fileName, defaultInterval);
    }

    private static List<RuleGroup> parse(YamlNode root, String file, Duration defaultInterval) {
        List<RuleGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        YamlNode groupsNode = root.fields(FILE).get("groups");
        if (groupsNode == null) {
            return groups;
        }
        for (YamlNode g : groupsNode.list()) {
            Map<String, YamlNode> f = g.fields(GROUP);
            String name = f.containsKey("name") ? f.get("name").string() : "";
            if (name.isEmpty()) {
                throw g.error("groupname must not be empty");
            }
            if (!names.add(name)) {
                throw g.error("groupname: \"" + name + "\" is repeated in the same file");
            }
            Duration interval = f.containsKey("interval") ? f.get("interval").duration() : defaultInterval;
            int limit = f.containsKey("limit") ? (int) f.get("limit").longValue() : 0;
            Duration offset = f.containsKey("query_offset") ? f.get("query_offset").duration() : Duration.ZERO;
            Labels groupLabels = f.containsKey("labels") ? labels(f.get("labels"), LABEL_NAME, "label") : Labels.EMPTY;
            List<Rule> rules = new ArrayList<>();
            if (f.containsKey("rules")) {
                for (YamlNode r : f.get("rules").list()) {
                    rules.add(rule(r, name, groupLabels));
                }
            }
            groups.add(new RuleGroup(name, file, interval, limit, offset, rules));
        }
        return groups;
    }

    private static Rule rule(YamlNode node, String group, Labels groupLabels) {
        Map<String, YamlNode> f = node.fields(RULE);
        String alert = f.containsKey("alert") ? f.get("alert").string() : "";
        String record = f.containsKey("record") ? f.get("record").string() : "";
        String where = "group \"" + group + "\", rule " + (alert.isEmpty() ? "record \"" + record + "\"" : "alert \"" + alert + "\"");
        if (alert.isEmpty() == record.isEmpty()) {
            throw node.error(where + ": one of 'record' or 'alert' must be set");
        }
        if (!f.containsKey("expr") || f.get("expr").string().isBlank()) {
            throw node.error(where + ": field 'expr' must be set in rule");
        }
        Expr expr;
        try {
            expr = PromqlParser.parseExpr(f.get("expr").string());
        } catch (ParseException e) {
            throw f.get("expr").error(where + ": could not parse expression: " + e.getMessage());
        }
        if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
            throw f.get("expr").error(where + ": expression must evaluate to a vector or scalar, got " + expr.type().name().toLowerCase());
        }
        Labels.Builder lb = groupLabels.toBuilder();
        if (f.containsKey("labels")) {
            labels(f.get("labels"), LABEL_NAME, "label").forEach(lb::set);
        }
        Labels labels = lb.build();
        if (!record.isEmpty()) {
            if (!METRIC_NAME.matcher(record).matches()) {
                throw f.get("record").error(where + ": invalid recording rule name: " + record);
            }
            for (String forbidden : List.of("annotations", "for", "keep_firing_for")) {
                if (f.containsKey(forbidden)) {
                    throw f.get(forbidden).error(where + ": invalid field '" + forbidden + "' in recording rule");
                }
            }
            return new RecordingRule(record, expr, labels);
        }
        Duration hold = f.containsKey("for") ? f.get("for").duration() : Duration.ZERO;
        Duration keep = f.containsKey("keep_firing_for") ? f.get("keep_firing_for").duration() : Duration.ZERO;
        // An empty annotation is kept (and shown by /api/v1/rules), as in Prometheus.
        Annotations annotations = f.containsKey("annotations")
                ? Annotations.of(names(f.get("annotations"), LABEL_NAME, "annotation")) : Annotations.EMPTY;
        checkTemplates(f.get("labels"), where, "label", alert);
        checkTemplates(f.get("annotations"), where, "annotation", alert);
        return new AlertingRule(alert, expr, hold, keep, labels, annotations);
    }

    /** The rule's label or annotation templates must parse, as {@code promtool check rules} requires. */
    private static void checkTemplates(YamlNode node, String where, String what, String alert) {
        if (node == null) {
            return;
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(node.stringMap()).entrySet()) {
            try {
                AlertTemplates.checkSyntax(alert, e.getValue());
            } catch (io.pharos.model.template.TemplateException ex) {
                throw node.error(where + ": " + what + " \"" + e.getKey() + "\": " + ex.getMessage());
            }
        }
    }

    private static Labels labels(YamlNode node, Pattern valid, String what) {
        return Labels.fromMap(names(node, valid, what));
    }

    /** The node's name/value map, every name checked against {@code valid}; empty values kept. */
    private static Map<String, String> names(YamlNode node, Pattern valid, String what) {
        Map<String, String> m = node.stringMap();
        for (String k : m.keySet()) {
            if (!valid.matcher(k).matches()) {
                throw node.error("invalid " + what + " name: " + k);
            }
        }
        return m;
    }
}
