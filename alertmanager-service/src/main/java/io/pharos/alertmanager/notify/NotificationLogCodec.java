package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Rfc3339;
import io.pharos.alertmanager.notify.NotificationLog.Entry;
import io.pharos.alertmanager.notify.NotificationLog.Receiver;
import io.pharos.alertmanager.storage.LegacySnapshot;
import io.pharos.model.wire.BinaryReader;
import io.pharos.model.wire.BinaryWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a notification log entry is stored: keyed by receiver integration and group key, the value
 * a leading version byte and then the entry in binary (label hashes as fixed 64-bit numbers). A
 * later version adds a new version byte and keeps reading the old ones.
 *
 * <p>Also reads the JSON snapshot ({@code nflog.json}) that versions before the state store wrote,
 * for the one-off import on upgrade.
 */
final class NotificationLogCodec {
    private static final byte VERSION = 1;
    private static final int LEGACY_JSON_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NotificationLogCodec() {
    }

    /** Length-prefixed parts, so no receiver or group key can run into another. */
    static byte[] key(Receiver receiver, String groupKey) {
        BinaryWriter w = new BinaryWriter(64 + groupKey.length());
        w.string(receiver.name());
        w.string(receiver.integration());
        w.varint(receiver.index());
        w.string(groupKey);
        return w.toByteArray();
    }

    static byte[] encode(Entry e) {
        BinaryWriter w = new BinaryWriter(64 + e.groupKey().length() + 8 * (e.firing().size() + e.resolved().size()));
        w.writeByte(VERSION);
        w.string(e.receiver().name());
        w.string(e.receiver().integration());
        w.varint(e.receiver().index());
        w.string(e.groupKey());
        w.instant(e.timestamp());
        fingerprints(w, e.firing());
        fingerprints(w, e.resolved());
        w.instant(e.expiresAt());
        return w.toByteArray();
    }

    /** Throws {@link IllegalArgumentException} for a value it cannot read, e.g. of an unknown version. */
    static Entry decode(byte[] value) {
        try {
            BinaryReader r = new BinaryReader(value);
            byte version = r.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown notification log encoding version " + version
                        + " (written by a newer version?)");
            }
            Receiver receiver = new Receiver(r.string(), r.string(), r.varint());
            String groupKey = r.string();
            Instant timestamp = r.instant();
            Set<Long> firing = fingerprints(r);
            Set<Long> resolved = fingerprints(r);
            return new Entry(groupKey, receiver, timestamp, firing, resolved, r.instant());
        } catch (BinaryReader.CorruptDataException e) {
            throw new IllegalArgumentException("corrupt notification log entry: " + e.getMessage(), e);
        }
    }

    private static void fingerprints(BinaryWriter w, Set<Long> fps) {
        w.varint(fps.size());
        for (long fp : fps) {
            w.fixed64(fp);
        }
    }

    private static Set<Long> fingerprints(BinaryReader r) {
        int n = r.varint();
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(r.fixed64());
        }
        return out;
    }

    /** The entries of a legacy {@code nflog.json}, as records of the notification log table. */
    static List<LegacySnapshot.KeyValue> decodeLegacyJson(byte[] data) throws IOException {
        try {
            JsonNode root = JSON.readTree(data);
            if (root.path("version").asInt(0) != LEGACY_JSON_VERSION) {
                throw new IOException("unknown notification log snapshot version " + root.path("version"));
            }
            List<LegacySnapshot.KeyValue> out = new ArrayList<>();
            for (JsonNode n : root.path("entries")) {
                JsonNode r = n.path("receiver");
                Entry e = new Entry(
                        n.path("groupKey").asString(),
                        new Receiver(r.path("name").asString(), r.path("integration").asString(), r.path("index").asInt()),
                        Rfc3339.parse(n.path("timestamp").asString()),
                        legacyFingerprints(n.path("firing")),
                        legacyFingerprints(n.path("resolved")),
                        Rfc3339.parse(n.path("expiresAt").asString()));
                out.add(new LegacySnapshot.KeyValue(key(e.receiver(), e.groupKey()), encode(e)));
            }
            return out;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IOException("corrupt notification log snapshot: " + e.getMessage(), e);
        }
    }

    private static Set<Long> legacyFingerprints(JsonNode list) {
        Set<Long> out = new HashSet<>();
        for (JsonNode f : list) {
            out.add(Long.parseUnsignedLong(f.asString(), 16));
        }
        return out;
    }
}
