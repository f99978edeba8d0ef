package io.pharos.alertmanager.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What was last sent, per aggregation group and integration: the basis of de-duplication, so a
 * group is not notified again with the same content before its repeat interval. Entries expire
 * after twice the repeat interval.
 */
public interface NotificationLog {

    /** Identifies an integration of a receiver: {@code team-X/webhook/0}. */
    record Receiver(String name, String integration, int index) {
        public static Receiver of(Integration i) {
            return new Receiver(i.receiver(), i.name(), i.index());
        }
    }

    /**
     * The last notification of a group to an integration.
     *
     * @param firing label hashes of the alerts that were firing in it
     * @param resolved label hashes of the alerts that were resolved in it
     */
    record Entry(String groupKey, Receiver receiver, Instant timestamp, Set<Long> firing, Set<Long> resolved,
            Instant expiresAt) {
        public Entry {
            firing = Set.copyOf(firing);
            resolved = Set.copyOf(resolved);
        }

        /** Every alert in {@code current} was already firing in this entry. */
        public boolean isFiringSubset(Set<Long> current) {
            return firing.containsAll(current);
        }

        /** Every alert in {@code current} was already resolved in this entry. */
        public boolean isResolvedSubset(Set<Long> current) {
            return resolved.containsAll(current);
        }
    }

    Optional<Entry> query(Receiver receiver, String groupKey);

    void log(Receiver receiver, String groupKey, Set<Long> firing, Set<Long> resolved, Duration expiry);

    /** Removes expired entries; returns how many. */
    int gc();
}
