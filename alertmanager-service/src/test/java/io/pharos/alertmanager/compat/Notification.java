package io.pharos.alertmanager.compat;

import io.pharos.alertmanager.testing.WebhookReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One webhook notification as a recording server received it: the path it was posted to (which
 * names the receiver in the tests' configs) and its JSON body.
 */
record Notification(String path, JsonNode body) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The notifications a recording server got so far, in arrival order, that pass {@code filter}. */
    static List<Notification> received(WebhookReceiver hooks, Predicate<Notification> filter) {
        List<Notification> out = new ArrayList<>();
        for (WebhookReceiver.Request r : hooks.requests()) {
            Notification n = new Notification(r.path(), JSON.readTree(r.body()));
            if (filter.test(n)) {
                out.add(n);
            }
        }
        return out;
    }

    String receiver() {
        return body.path("receiver").asString("");
    }

    String status() {
        return body.path("status").asString("");
    }

    Map<String, String> groupLabels() {
        return map(body.path("groupLabels"));
    }

    /** Whether any alert of the notification has this label value. */
    boolean anyAlertHas(String label, String value) {
        for (JsonNode a : body.path("alerts")) {
            if (value.equals(a.path("labels").path(label).asString(null))) {
                return true;
            }
        }
        return false;
    }

    /** The group it is about: the receiver path and the group labels. */
    GroupRef group() {
        return new GroupRef(path, groupLabels());
    }

    /**
     * The body without what legitimately differs between two Alertmanagers receiving the same
     * alerts: {@code externalURL}, each system's own address, and the {@code endsAt} of resolved
     * alerts named in {@code timedOut}, which ended when each system received them plus its
     * resolve_timeout. Everything else (group key, fingerprints, timestamps the sender set, order
     * of alerts) must be the same.
     */
    String normalised(String... timedOut) {
        ObjectNode copy = (ObjectNode) body.deepCopy();
        copy.remove("externalURL");
        for (JsonNode a : copy.path("alerts")) {
            String name = a.path("labels").path("alertname").asString("");
            if (java.util.Arrays.asList(timedOut).contains(name) && "resolved".equals(a.path("status").asString(""))) {
                ((ObjectNode) a).put("endsAt", "received + resolve_timeout");
            }
        }
        return Canonical.of(copy);
    }

    static Map<String, String> map(JsonNode n) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            out.put(e.getKey(), e.getValue().asString());
        }
        return out;
    }

    /** A group notified to a receiver, named by the receiver's webhook path and the group labels. */
    record GroupRef(String path, Map<String, String> labels) {
        GroupRef {
            labels = new TreeMap<>(labels);
        }

        @Override
        public String toString() {
            return path + labels;
        }
    }
}
