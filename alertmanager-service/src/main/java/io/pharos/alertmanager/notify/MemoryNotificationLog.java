package io.pharos.alertmanager.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The notification log in memory; it survives config reloads but not restarts. */
public final class MemoryNotificationLog implements NotificationLog {
    private record Key(Receiver receiver, String groupKey) {
    }

    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    public MemoryNotificationLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<Entry> query(Receiver receiver, String groupKey) {
        Entry e = entries.get(new Key(receiver, groupKey));
        if (e == null || !e.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(e);
    }

    @Override
    public void log(Receiver receiver, String groupKey, Set<Long> firing, Set<Long> resolved, Duration expiry) {
        record(receiver, groupKey, firing, resolved, expiry);
    }

    /** Logs a notification made now and returns its entry. */
    public Entry record(Receiver receiver, String groupKey, Set<Long> firing, Set<Long> resolved, Duration expiry) {
        Instant now = clock.instant();
        Entry e = new Entry(groupKey, receiver, now, firing, resolved, now.plus(expiry));
        entries.put(new Key(receiver, groupKey), e);
        return e;
    }

    @Override
    public int gc() {
        return removeExpired().size();
    }

    /** Removes the expired entries and returns them. */
    public List<Entry> removeExpired() {
        Instant now = clock.instant();
        List<Entry> removed = new ArrayList<>();
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            // remove(key, value): an entry logged again meanwhile is newer and stays
            if (!e.getValue().expiresAt().isAfter(now) && entries.remove(e.getKey(), e.getValue())) {
                removed.add(e.getValue());
            }
        }
        return removed;
    }

    /** Puts back an entry read from storage unless it has expired or a newer one is there; returns whether it was. */
    public boolean restore(Entry e) {
        if (!e.expiresAt().isAfter(clock.instant())) {
            return false;
        }
        return entries.merge(new Key(e.receiver(), e.groupKey()), e,
                (old, neu) -> neu.timestamp().isAfter(old.timestamp()) ? neu : old) == e;
    }
}
