package io.pharos.alertmanager.api;

import io.pharos.alertmanager.alert.Rfc3339;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One alert of a {@code POST /api/v2/alerts} body, as Prometheus sends it.
 *
 * @param startsAt null when not sent (or Go's zero time)
 * @param endsAt null when not sent (or Go's zero time)
 */
public record PostableAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL) {

    /** A body that is not a JSON array of alert objects. */
    public static class MalformedException extends Exception {
        public MalformedException(String message) {
            super(message);
        }
    }

    /** A required field left out: go-swagger's validation error ({@code 0.labels in body is required}). */
    public static final class MissingException extends MalformedException {
        public MissingException(String message) {
            super(message);
        }
    }

    /** Parses the body; the error names the alert and field at fault: {@code alerts[2].labels.severity}. */
    public static List<PostableAlert> parseAll(byte[] body, JsonMapper json) throws MalformedException {
        JsonNode root;
        try {
            root = json.readTree(body == null ? new byte[0] : body);
        } catch (JacksonException e) {
            throw new MalformedException(firstLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new MalformedException("alerts in body is required");
        }
        if (!root.isArray()) {
            throw new MalformedException("alerts in body must be of type array");
        }
        List<PostableAlert> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            out.add(parse(root.get(i), "alerts[" + i + "]"));
        }
        return out;
    }

    private static PostableAlert parse(JsonNode n, String path) throws MalformedException {
        if (!n.isObject()) {
            throw new MalformedException(path + " must be of type object");
        }
        JsonNode labels = n.get("labels");
        if (labels == null || labels.isNull()) {
            throw new MissingException(path.replace("alerts[", "").replace("]", "") + ".labels in body is required");
        }
        return new PostableAlert(
                stringMap(labels, path + ".labels"),
                stringMap(n.get("annotations"), path + ".annotations"),
                time(n.get("startsAt"), path + ".startsAt"),
                time(n.get("endsAt"), path + ".endsAt"),
                string(n.get("generatorURL"), path + ".generatorURL"));
    }

    private static Map<String, String> stringMap(JsonNode n, String path) throws MalformedException {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new MalformedException(path + " must be of type object");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            JsonNode v = e.getValue();
            if (!v.isString()) {
                throw new MalformedException(path + "." + e.getKey() + " must be of type string");
            }
            out.put(e.getKey(), v.asString());
        }
        return out;
    }

    private static String string(JsonNode n, String path) throws MalformedException {
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isString()) {
            throw new MalformedException(path + " must be of type string");
        }
        return n.asString();
    }

    private static Instant time(JsonNode n, String path) throws MalformedException {
        String s = string(n, path);
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Rfc3339.parse(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedException(path + " in body must be of type date-time: \"" + s + "\"");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
