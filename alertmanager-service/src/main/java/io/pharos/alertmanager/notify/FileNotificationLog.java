package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.Rfc3339;
import io.pharos.alertmanager.storage.SnapshotFile;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The notification log kept in memory and written to a snapshot file shortly after every change
 * (changes within {@code writeDelay} are written together) and on {@link #close()}, so that after
 * a restart the service does not notify again what it already sent.
 */
public final class FileNotificationLog implements NotificationLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileNotificationLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int VERSION = 1;

    private final MemoryNotificationLog memory;
    private final SnapshotFile file;
    private final ScheduledExecutorService timers;
    private final Duration writeDelay;
    private final AtomicBoolean writeScheduled = new AtomicBoolean();

    public FileNotificationLog(MemoryNotificationLog memory, SnapshotFile file, ScheduledExecutorService timers,
            Duration writeDelay) {
        this.memory = memory;
        this.file = file;
        this.timers = timers;
        this.writeDelay = writeDelay;
    }

    /** Restores the entries of the last snapshot that have not expired; returns how many. */
    public int load() throws IOException {
        Optional<byte[]> data = file.read();
        if (data.isEmpty()) {
            return 0;
        }
        int before = memory.size();
        try {
            JsonNode root = JSON.readTree(data.get());
            if (root.path("version").asInt(0) != VERSION) {
                throw new IOException("unknown notification log snapshot version " + root.path("version"));
            }
            for (JsonNode n : root.path("entries")) {
                JsonNode r = n.path("receiver");
                memory.restore(new Entry(
                        n.path("groupKey").asString(),
                        new Receiver(r.path("name").asString(), r.path("integration").asString(), r.path("index").asInt()),
                        Rfc3339.parse(n.path("timestamp").asString()),
                        fingerprints(n.path("firing")),
                        fingerprints(n.path("resolved")),
                        Rfc3339.parse(n.path("expiresAt").asString())));
            }
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IOException("corrupt notification log snapshot: " + e.getMessage(), e);
        }
        return memory.size() - before;
    }

    private static Set<Long> fingerprints(JsonNode list) {
        Set<Long> out = new HashSet<>();
        for (JsonNode f : list) {
            out.add(Long.parseUnsignedLong(f.asString(), 16));
        }
        return out;
    }

    @Override
    public Optional<Entry> query(Receiver receiver, String groupKey) {
        return memory.query(receiver, groupKey);
    }

    @Override
    public void log(Receiver receiver, String groupKey, Set<Long> firing, Set<Long> resolved, Duration expiry) {
        memory.log(receiver, groupKey, firing, resolved, expiry);
        scheduleWrite();
    }

    @Override
    public int gc() {
        int n = memory.gc();
        if (n > 0) {
            scheduleWrite();
        }
        return n;
    }

    private void scheduleWrite() {
        if (!writeScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            timers.schedule(this::write, writeDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            writeScheduled.set(false);
            write();
        }
    }

    /** Writes the snapshot now. */
    public synchronized void write() {
        writeScheduled.set(false);
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("entries");
        for (Entry e : memory.entries()) {
            ObjectNode n = list.addObject();
            n.put("groupKey", e.groupKey());
            n.putObject("receiver").put("name", e.receiver().name()).put("integration", e.receiver().integration())
                    .put("index", e.receiver().index());
            n.put("timestamp", Rfc3339.nanos(e.timestamp()));
            ArrayNode firing = n.putArray("firing");
            e.firing().stream().sorted().forEach(fp -> firing.add(Alert.formatFingerprint(fp)));
            ArrayNode resolved = n.putArray("resolved");
            e.resolved().stream().sorted().forEach(fp -> resolved.add(Alert.formatFingerprint(fp)));
            n.put("expiresAt", Rfc3339.nanos(e.expiresAt()));
        }
        try {
            file.write(JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            LOG.error("Writing notification log snapshot to {} failed: {}", file.path(), e.toString());
        }
    }

    @Override
    public void close() {
        write();
    }
}
