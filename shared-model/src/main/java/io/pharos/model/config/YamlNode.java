package io.pharos.model.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers where it came from, so that every config error can name the
 * file, line and field as {@code promtool check config} and {@code amtool check-config} do.
 * Reading a mapping checks its keys against the fields the caller knows: an unknown field is
 * an error, as in Prometheus's strict unmarshalling.
 */
public final class YamlNode {
    private final String file;
    private final String path;
    private final Node node;

    private YamlNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    public static YamlNode load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static YamlNode parse(String fileName, String text) {
        try (Reader r = new StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Node root = new Yaml(options).compose(r);
            return new YamlNode(fileName, "", root);
        } catch (YAMLException | IOException e) {
            throw new ConfigException(fileName + ": invalid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    public boolean isNull() {
        return node == null || (node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null"));
    }

    public int line() {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    public String path() {
        return path.isEmpty() ? "<root>" : path;
    }

    public String file() {
        return file;
    }

    /** An error at this node: "file:line: field path: message". */
    public ConfigException error(String message) {
        return new ConfigException(file + ":" + line() + ": " + path() + ": " + message);
    }

    /** The fields of a mapping, refusing any not in {@code known}. Empty for a null node. */
    public Map<String, YamlNode> fields(Set<String> known) {
        Map<String, YamlNode> result = new LinkedHashMap<>();
        if (isNull()) {
            return result;
        }
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping");
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw error("keys must be strings");
            }
            String name = key.getValue();
            String childPath = path.isEmpty() ? name : path + "." + name;
            YamlNode child = new YamlNode(file, childPath, t.getValueNode());
            if (known != null && !known.contains(name)) {
                throw new ConfigException(file + ":" + (key.getStartMark().getLine() + 1) + ": field " + name
                        + " not found in " + (path.isEmpty() ? "the top level" : path));
            }
            result.put(name, child);
        }
        return result;
    }

    /** A mapping of strings to strings (labels, params...). */
    public Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        fields(null).forEach((k, v) -> out.put(k, v.string()));
        return out;
    }

    public List<YamlNode> list() {
        List<YamlNode> result = new ArrayList<>();
        if (isNull()) {
            return result;
        }
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list");
        }
        for (int i = 0; i < s.getValue().size(); i++) {
            result.add(new YamlNode(file, path + "[" + i + "]", s.getValue().get(i)));
        }
        return result;
    }

    public List<String> stringList() {
        List<String> out = new ArrayList<>();
        for (YamlNode n : list()) {
            out.add(n.string());
        }
        return out;
    }

    public String string() {
        if (isNull()) {
            return "";
        }
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a string");
        }
        return s.getValue();
    }

    public boolean bool() {
        String v = string();
        return switch (v) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default -> throw error("expected true or false, got \"" + v + "\"");
        };
    }

    public long longValue() {
        String v = string();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error("expected an integer, got \"" + v + "\"");
        }
    }

    public Duration duration() {
        try {
            return PromDuration.parse(string());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }
}
