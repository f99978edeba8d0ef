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
        Instant now = clock.instant();
        entries.put(new Key(receiver, groupKey), new Entry(groupKey, receiver, now, firing, resolved, now.plus(expiry)));
    }

    @Override
    public int gc() {
        Instant now = clock.instant();
        int before = entries.size();
        entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
        return before - entries.size();
    }

    /** Every entry, expired ones included until {@link #gc()}. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** Puts back an entry read from a snapshot, unless it has expired or a newer one is there. */
    public void restore(Entry e) {
        if (!e.expiresAt().isAfter(clock.instant())) {
            return;
        }
        entries.merge(new Key(e.receiver(), e.groupKey()), e,
                (old, neu) -> neu.timestamp().isAfter(old.timestamp()) ? neu : old);
    }

    public int size() {
        return entries.size();
    }
}
