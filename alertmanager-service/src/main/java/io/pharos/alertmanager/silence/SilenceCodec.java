package io.pharos.alertmanager.silence;

import io.pharos.alertmanager.matcher.Matchers;
import io.pharos.alertmanager.alert.Rfc3339;
import io.pharos.alertmanager.storage.LegacySnapshot;
import io.pharos.model.labels.Matcher;
import io.pharos.model.wire.BinaryReader;
import io.pharos.model.wire.BinaryWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a silence is stored: keyed by its ID, the value a leading version byte and then the fields
 * in binary. A later version adds a new version byte and keeps reading the old ones.
 *
 * <p>Also reads the JSON snapshot ({@code silences.json}) that versions before the state store
 * wrote, for the one-off import on upgrade.
 */
final class SilenceCodec {
    private static final byte VERSION = 1;
    private static final int LEGACY_JSON_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SilenceCodec() {
    }

    static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] encode(Silence s) {
        BinaryWriter w = new BinaryWriter(128);
        w.writeByte(VERSION);
        w.string(s.id());
        w.varint(s.matchers().size());
        for (Matcher m : s.matchers()) {
            w.string(m.type().symbol());
            w.string(m.name());
            w.string(m.value());
        }
        w.instant(s.startsAt());
        w.instant(s.endsAt());
        w.instant(s.updatedAt());
        w.string(s.createdBy());
        w.string(s.comment());
        return w.toByteArray();
    }

    /** Throws {@link IllegalArgumentException} for a value it cannot read, e.g. of an unknown version. */
    static Silence decode(byte[] value) {
        try {
            BinaryReader r = new BinaryReader(value);
            byte version = r.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown silence encoding version " + version
                        + " (written by a newer version?)");
            }
            String id = r.string();
            int n = r.varint();
            List<Matcher> matchers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Matcher.Type type = Matcher.Type.fromSymbol(r.string());
                matchers.add(Matchers.of(type, r.string(), r.string()));
            }
            Instant start = r.instant();
            Instant end = r.instant();
            Instant updated = r.instant();
            return new Silence(id, matchers, start, end, updated, r.string(), r.string());
        } catch (BinaryReader.CorruptDataException e) {
            throw new IllegalArgumentException("corrupt silence: " + e.getMessage(), e);
        }
    }

    /** The silences of a legacy {@code silences.json}, as records of the silences table. */
    static List<LegacySnapshot.KeyValue> decodeLegacyJson(byte[] data) throws IOException {
        try {
            JsonNode root = JSON.readTree(data);
            if (root.path("version").asInt(0) != LEGACY_JSON_VERSION) {
                throw new IOException("unknown silences snapshot version " + root.path("version"));
            }
            List<LegacySnapshot.KeyValue> out = new ArrayList<>();
            for (JsonNode n : root.path("silences")) {
                List<Matcher> matchers = new ArrayList<>();
                for (JsonNode m : n.path("matchers")) {
                    matchers.add(Matchers.of(Matcher.Type.fromSymbol(m.path("type").asString()), m.path("name").asString(),
                            m.path("value").asString()));
                }
                Silence s = new Silence(n.path("id").asString(), matchers, Rfc3339.parse(n.path("startsAt").asString()),
                        Rfc3339.parse(n.path("endsAt").asString()), Rfc3339.parse(n.path("updatedAt").asString()),
                        n.path("createdBy").asString(), n.path("comment").asString());
                out.add(new LegacySnapshot.KeyValue(key(s.id()), encode(s)));
            }
            return out;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IOException("corrupt silences snapshot: " + e.getMessage(), e);
        }
    }
}
