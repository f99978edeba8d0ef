package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.storage.LegacySnapshot;
import io.pharos.alertmanager.storage.StateStoreException;
import io.pharos.alertmanager.storage.StateTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification log in memory, written through to a {@link StateTable} as each notification
 * succeeds, so that after a restart (even a SIGKILL) the service does not page again for what it
 * already sent. Queries are answered from memory.
 *
 * <p>Each entry is synced to disk before {@link #log} returns. That costs one fsync per delivered
 * notification, which happen at most once per group interval per group and integration: cheap
 * next to the HTTP call before it, and without it a machine crash could lose the record of a page
 * and repeat it.
 */
public final class PersistentNotificationLog implements NotificationLog {
    /** The state store's table of notification log entries. */
    public static final String TABLE = "nflog";

    private static final Logger LOG = LoggerFactory.getLogger(PersistentNotificationLog.class);

    private final Clock clock;
    private final MemoryNotificationLog memory;
    private final StateTable table;

    public PersistentNotificationLog(Clock clock, StateTable table) {
        this.clock = clock;
        this.memory = new MemoryNotificationLog(clock);
        this.table = table;
    }

    /** The {@code nflog.json} of versions before the state store, to import into {@link #TABLE} once. */
    public static LegacySnapshot legacySnapshot(Path file) {
        return new LegacySnapshot(file, TABLE, NotificationLogCodec::decodeLegacyJson);
    }

    /**
     * Reads the stored entries into memory, deleting the expired ones; returns how many were loaded.
     * Throws {@link IllegalStateException} for an entry it cannot read.
     */
    public synchronized int load() {
        Instant now = clock.instant();
        List<byte[]> expired = new ArrayList<>();
        int[] loaded = {0};
        table.forEach((key, value) -> {
            Entry e;
            try {
                e = NotificationLogCodec.decode(value);
            } catch (IllegalArgumentException ex) {
                throw new IllegalStateException("an entry in table " + table.name() + " cannot be read: " + ex.getMessage(),
                        ex);
            }
            if (!e.expiresAt().isAfter(now)) {
                expired.add(key);
            } else if (memory.restore(e)) {
                loaded[0]++;
            }
        });
        delete(expired);
        return loaded[0];
    }

    @Override
    public Optional<Entry> query(Receiver receiver, String groupKey) {
        return memory.query(receiver, groupKey);
    }

    /**
     * Logs a delivered notification. A failed write is logged, not thrown: the notification went
     * out, and failing here would make the pipeline retry it, which is the repeat page this log
     * is there to prevent.
     */
    @Override
    public synchronized void log(Receiver receiver, String groupKey, Set<Long> firing, Set<Long> resolved,
            Duration expiry) {
        Entry e = memory.record(receiver, groupKey, firing, resolved, expiry);
        try {
            table.put(NotificationLogCodec.key(receiver, groupKey), NotificationLogCodec.encode(e));
        } catch (StateStoreException ex) {
            LOG.error("The notification of {} to {} is not stored and may be sent again after a restart: {}",
                    groupKey, receiver, ex.getMessage());
        }
    }

    /** Removes expired entries from memory and the table; returns how many. */
    @Override
    public synchronized int gc() {
        List<Entry> removed = memory.removeExpired();
        List<byte[]> keys = new ArrayList<>(removed.size());
        for (Entry e : removed) {
            keys.add(NotificationLogCodec.key(e.receiver(), e.groupKey()));
        }
        delete(keys);
        return removed.size();
    }

    private void delete(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try (StateTable.Batch batch = table.batch()) {
            keys.forEach(batch::delete);
            batch.commit();
        }
    }
}
