package io.pharos.alertmanager.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * All alerts the service knows, by fingerprint. A received alert is merged with the stored one
 * when their active ranges overlap (Alertmanager's rule), then handed to the subscribers (the
 * dispatcher). Resolved alerts stay until {@link #gc()} removes them; aggregation groups keep
 * their own copies until the resolved notification is out.
 */
public final class AlertStore {
    private final Clock clock;
    private final Map<Long, Alert> alerts = new HashMap<>();
    private final List<Consumer<Alert>> subscribers = new CopyOnWriteArrayList<>();

    public AlertStore(Clock clock) {
        this.clock = clock;
    }

    /** A subscription: stop receiving alerts. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Calls {@code subscriber} with every stored alert, then with every alert put from now on;
     * no alert is missed or seen twice between the two.
     */
    public synchronized Subscription subscribe(Consumer<Alert> subscriber) {
        for (Alert a : alerts.values()) {
            subscriber.accept(a);
        }
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Stores (merging) each alert and passes the stored version on; returns the stored versions. */
    public List<Alert> put(List<Alert> incoming) {
        List<Alert> stored = new ArrayList<>(incoming.size());
        synchronized (this) {
            Instant now = clock.instant();
            for (Alert a : incoming) {
                Alert old = alerts.get(a.fingerprint());
                Alert result = a;
                if (old != null && overlaps(a, old)) {
                    result = old.merge(a, now);
                }
                alerts.put(result.fingerprint(), result);
                stored.add(result);
                for (Consumer<Alert> s : subscribers) {
                    s.accept(result);
                }
            }
        }
        return stored;
    }

    private static boolean overlaps(Alert a, Alert old) {
        return (Alert.after(a.endsAt(), old.startsAt()) && Alert.before(a.endsAt(), old.endsAt()))
                || (Alert.after(a.startsAt(), old.startsAt()) && Alert.before(a.startsAt(), old.endsAt()));
    }

    public synchronized Alert get(long fingerprint) {
        return alerts.get(fingerprint);
    }

    public synchronized List<Alert> list() {
        return new ArrayList<>(alerts.values());
    }

    public synchronized int size() {
        return alerts.size();
    }

    /** Drops resolved alerts; returns them. */
    public synchronized List<Alert> gc() {
        Instant now = clock.instant();
        List<Alert> removed = new ArrayList<>();
        alerts.values().removeIf(a -> {
            if (a.resolvedAt(now)) {
                removed.add(a);
                return true;
            }
            return false;
        });
        return removed;
    }
}
