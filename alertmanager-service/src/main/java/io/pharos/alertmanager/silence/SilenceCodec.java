package io.pharos.alertmanager.silence;

import io.pharos.alertmanager.alert.Rfc3339;
import io.pharos.model.labels.Matcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The silences snapshot: a JSON document, versioned, with timestamps in RFC 3339. */
final class SilenceCodec {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int VERSION = 1;

    private SilenceCodec() {
    }

    static byte[] encode(Collection<Silence> silences) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("silences");
        for (Silence s : silences) {
            ObjectNode n = list.addObject();
            n.put("id", s.id());
            ArrayNode ms = n.putArray("matchers");
            for (Matcher m : s.matchers()) {
                ms.addObject().put("name", m.name()).put("type", m.type().symbol()).put("value", m.value());
            }
            n.put("startsAt", Rfc3339.nanos(s.startsAt()));
            n.put("endsAt", Rfc3339.nanos(s.endsAt()));
            n.put("updatedAt", Rfc3339.nanos(s.updatedAt()));
            n.put("createdBy", s.createdBy());
            n.put("comment", s.comment());
        }
        return JSON.writeValueAsBytes(root);
    }

    static List<Silence> decode(byte[] data) throws IOException {
        try {
            JsonNode root = JSON.readTree(data);
            if (root.path("version").asInt(0) != VERSION) {
                throw new IOException("unknown silences snapshot version " + root.path("version"));
            }
            List<Silence> out = new ArrayList<>();
            for (JsonNode n : root.path("silences")) {
                List<Matcher> matchers = new ArrayList<>();
                for (JsonNode m : n.path("matchers")) {
                    matchers.add(Matcher.of(Matcher.Type.fromSymbol(m.path("type").asString()), m.path("name").asString(),
                            m.path("value").asString()));
                }
                out.add(new Silence(n.path("id").asString(), matchers, Rfc3339.parse(n.path("startsAt").asString()),
                        Rfc3339.parse(n.path("endsAt").asString()), Rfc3339.parse(n.path("updatedAt").asString()),
                        n.path("createdBy").asString(), n.path("comment").asString()));
            }
            return out;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IOException("corrupt silences snapshot: " + e.getMessage(), e);
        }
    }
}
