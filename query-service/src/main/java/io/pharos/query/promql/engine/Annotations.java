package io.pharos.query.promql.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The annotations of one query. As in Prometheus they form a set keyed by the message, so the
 * same warning raised at every step is reported once (with the position of the last one).
 */
final class Annotations {
    private final Map<String, Annotation> byMessage = new LinkedHashMap<>();

    void add(Annotation a) {
        String key = a.kind() + "\u0000" + a.message();
        byMessage.remove(key);
        byMessage.put(key, a);
    }

    List<Annotation> all() {
        return new ArrayList<>(byMessage.values());
    }
}
