package io.pharos.alertmanager.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A composed YAML node with its path from the document root ({@code route.routes[1].group_wait}),
 * so that every error names the field it is about and the line it is on. A missing key is a
 * node whose {@link #isMissing()} is true, which reads as absent everywhere.
 */
final class YamlNode {
    private final Node node;
    private final String path;

    private YamlNode(Node node, String path) {
        this.node = node;
        this.path = path;
    }

    static YamlNode root(Node node) {
        return new YamlNode(node, "");
    }

    String path() {
        return path.isEmpty() ? "<root>" : path;
    }

    boolean isMissing() {
        return node == null;
    }

    /** Missing, or an explicit YAML null ({@code key:}, {@code key: ~}, {@code key: null}). */
    boolean isNull() {
        return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    ConfigException error(String message) {
        String where = node == null ? "" : " (line " + (node.getStartMark().getLine() + 1) + ")";
        return new ConfigException(path() + ": " + message + where);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The entries of a mapping, in document order, YAML merge keys ({@code <<}) resolved. */
    Map<String, YamlNode> entries() throws ConfigException {
        if (isNull()) {
            return Collections.emptyMap();
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping, got " + kind());
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        Map<String, YamlNode> merged = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node k = t.getKeyNode();
            if (Tag.MERGE.equals(k.getTag())) {
                for (Node source : mergeSources(t.getValueNode())) {
                    new YamlNode(source, path).entries().forEach((name, v) -> merged.putIfAbsent(name, v));
                }
                continue;
            }
            if (!(k instanceof ScalarNode sk)) {
                throw new YamlNode(k, path).error("mapping keys must be scalars");
            }
            String name = sk.getValue();
            if (out.containsKey(name)) {
                throw new YamlNode(k, child(name)).error("key \"" + name + "\" already set in map");
            }
            out.put(name, new YamlNode(t.getValueNode(), child(name)));
        }
        merged.forEach(out::putIfAbsent);
        return out;
    }

    private List<Node> mergeSources(Node v) throws ConfigException {
        if (v instanceof MappingNode) {
            return List.of(v);
        }
        if (v instanceof SequenceNode seq) {
            return seq.getValue();
        }
        throw new YamlNode(v, path).error("merge key needs a mapping or a list of mappings");
    }

    /** Fails on any key outside {@code allowed}, as Alertmanager's strict YAML decoding does. */
    Map<String, YamlNode> strictEntries(Set<String> allowed, String what) throws ConfigException {
        Map<String, YamlNode> e = entries();
        for (Map.Entry<String, YamlNode> en : e.entrySet()) {
            if (!allowed.contains(en.getKey())) {
                throw en.getValue().error("field " + en.getKey() + " not found in " + what);
            }
        }
        return e;
    }

    YamlNode get(Map<String, YamlNode> entries, String key) {
        YamlNode n = entries.get(key);
        return n != null ? n : new YamlNode(null, child(key));
    }

    /** The scalar's text (a YAML int or bool reads as its text, as Go's yaml.v2 does); null if null. */
    String asString() throws ConfigException {
        if (isNull()) {
            return null;
        }
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a string, got " + kind());
        }
        return s.getValue();
    }

    String asString(String dflt) throws ConfigException {
        String s = asString();
        return s == null ? dflt : s;
    }

    boolean asBool(boolean dflt) throws ConfigException {
        String s = asString();
        if (s == null) {
            return dflt;
        }
        return switch (s) {
            case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y" -> true;
            case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N" -> false;
            default -> throw error("cannot unmarshal \"" + s + "\" into a bool");
        };
    }

    long asLong(long dflt) throws ConfigException {
        String s = asString();
        if (s == null) {
            return dflt;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error("cannot unmarshal \"" + s + "\" into an integer");
        }
    }

    /** A Prometheus duration, or null when absent. */
    Duration asDuration() throws ConfigException {
        String s = asString();
        if (s == null) {
            return null;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A Go duration, or null when absent. */
    Duration asGoDuration() throws ConfigException {
        String s = asString();
        if (s == null) {
            return null;
        }
        try {
            return Durations.parseGo(s);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    List<YamlNode> asList() throws ConfigException {
        if (isNull()) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
            throw error("expected a list, got " + kind());
        }
        List<YamlNode> out = new ArrayList<>();
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.add(new YamlNode(items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** A list of strings, or null when absent (distinguishing "absent" from "empty"). */
    List<String> asStringList() throws ConfigException {
        if (isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (YamlNode n : asList()) {
            String s = n.asString();
            out.add(s == null ? "" : s);
        }
        return out;
    }

    /** A mapping of strings to strings; values may be null for {@code key:} entries. */
    Map<String, YamlNode> asMapOfScalars() throws ConfigException {
        Map<String, YamlNode> e = entries();
        for (YamlNode v : e.values()) {
            if (!v.isNull() && !(v.node instanceof ScalarNode)) {
                throw v.error("expected a string, got " + v.kind());
            }
        }
        return e;
    }

    /** The node as plain Java values (String, List, LinkedHashMap, null), for sections kept as given. */
    Object raw() throws ConfigException {
        if (isNull()) {
            return null;
        }
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        if (node instanceof SequenceNode) {
            List<Object> out = new ArrayList<>();
            for (YamlNode n : asList()) {
                out.add(n.raw());
            }
            return Collections.unmodifiableList(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : entries().entrySet()) {
            out.put(e.getKey(), e.getValue().raw());
        }
        return Collections.unmodifiableMap(out);
    }

    private String kind() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "\"" + ((ScalarNode) node).getValue() + "\"";
    }
}
