package io.pharos.alertmanager.silence;

import io.pharos.alertmanager.storage.SnapshotFile;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silences, with Alertmanager's rules for changing them: a new silence gets a fresh UUID and
 * starts no earlier than now; an update keeps the ID only when it does not rewrite history (same
 * matchers, and for an active silence the same start and an end not in the past), otherwise the
 * old silence is expired and a new one created. Expired silences stay visible for the retention
 * period, then {@link #gc()} drops them.
 *
 * <p>With a {@link SnapshotFile}, every change is written through to it, and {@link #load()}
 * restores the silences after a restart.
 */
public final class Silences {
    /** Alertmanager's default {@code --data.retention}. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(120);

    private static final Logger LOG = LoggerFactory.getLogger(Silences.class);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Clock clock;
    private final Duration retention;
    private final SnapshotFile snapshot;
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private long snapshotBytes;

    /**
     * @param snapshot where silences are kept across restarts; null to keep them in memory only
     */
    public Silences(Clock clock, Duration retention, SnapshotFile snapshot) {
        this.clock = clock;
        this.retention = retention;
        this.snapshot = snapshot;
    }

    public static Silences inMemory(Clock clock) {
        return new Silences(clock, DEFAULT_RETENTION, null);
    }

    /** Reads the snapshot, if any, dropping silences past their retention; returns how many were loaded. */
    public synchronized int load() throws IOException {
        if (snapshot == null) {
            return 0;
        }
        Optional<byte[]> data = snapshot.read();
        if (data.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        int n = 0;
        for (Silence s : SilenceCodec.decode(data.get())) {
            if (s.endsAt().plus(retention).isAfter(now)) {
                silences.put(s.id(), s);
                n++;
            }
        }
        snapshotBytes = data.get().length;
        return n;
    }

    /**
     * Creates or updates a silence; returns its ID, which is new unless the update could be made
     * in place. Throws {@link SilenceException.missing()} for an ID that does not exist.
     */
    public synchronized String set(Silence silence) throws SilenceException {
        Instant now = clock.instant();
        Silence prev = silence.id().isEmpty() ? null : silences.get(silence.id());
        if (!silence.id().isEmpty() && prev == null) {
            throw SilenceException.missing();
        }
        if (prev != null && canUpdate(prev, silence, now)) {
            Silence updated = silence.withTimes(silence.startsAt(), silence.endsAt(), now);
            validate(updated);
            silences.put(updated.id(), updated);
            persist();
            return updated.id();
        }
        Instant start = silence.startsAt() != null && silence.startsAt().isBefore(now) ? now : silence.startsAt();
        Silence created = silence.withId(UUID.randomUUID().toString()).withTimes(start, silence.endsAt(), now);
        validate(created);
        if (prev != null && prev.state(now) != SilenceState.EXPIRED) {
            silences.put(prev.id(), expired(prev, now));
        }
        silences.put(created.id(), created);
        persist();
        return created.id();
    }

    /** Ends a silence now; expiring an expired silence changes nothing. */
    public synchronized void expire(String id) throws SilenceException {
        Silence s = silences.get(id);
        if (s == null) {
            throw SilenceException.missing();
        }
        Instant now = clock.instant();
        if (s.state(now) == SilenceState.EXPIRED) {
            return;
        }
        silences.put(id, expired(s, now));
        persist();
    }

    private static Silence expired(Silence s, Instant now) {
        if (s.state(now) == SilenceState.PENDING) {
            return s.withTimes(now, now, now);
        }
        return s.withTimes(s.startsAt(), now, now);
    }

    /** Whether {@code next} may replace {@code prev} under the same ID without rewriting history. */
    static boolean canUpdate(Silence prev, Silence next, Instant now) {
        if (!prev.sameMatchers(next) || next.startsAt() == null || next.endsAt() == null) {
            return false;
        }
        switch (prev.state(now)) {
            case ACTIVE:
                return prev.startsAt().getEpochSecond() == next.startsAt().getEpochSecond() && !next.endsAt().isBefore(now);
            case PENDING:
                return !next.startsAt().isBefore(now);
            default:
                return false;
        }
    }

    /** Alertmanager's checks, with its wording. */
    static void validate(Silence s) throws SilenceException {
        if (s.matchers().isEmpty()) {
            throw SilenceException.invalid("silence invalid: at least one matcher required");
        }
        boolean allMatchEmpty = true;
        for (int i = 0; i < s.matchers().size(); i++) {
            Matcher m = s.matchers().get(i);
            if (!LABEL_NAME.matcher(m.name()).matches()) {
                throw SilenceException.invalid("silence invalid: invalid label matcher " + i + ": invalid label name \""
                        + m.name() + "\"");
            }
            allMatchEmpty &= matchesEmpty(m);
        }
        if (allMatchEmpty) {
            throw SilenceException.invalid("silence invalid: at least one matcher must not match the empty string");
        }
        if (s.startsAt() == null) {
            throw SilenceException.invalid("silence invalid: invalid zero start timestamp");
        }
        if (s.endsAt() == null) {
            throw SilenceException.invalid("silence invalid: invalid zero end timestamp");
        }
        if (s.endsAt().isBefore(s.startsAt())) {
            throw SilenceException.invalid("silence invalid: end time must not be before start time");
        }
    }

    private static boolean matchesEmpty(Matcher m) {
        return switch (m.type()) {
            case EQ -> m.value().isEmpty();
            case RE -> m.matches("");
            default -> false;
        };
    }

    public synchronized Optional<Silence> get(String id) {
        return Optional.ofNullable(silences.get(id));
    }

    /** Every silence, in the order they were created. */
    public synchronized List<Silence> list() {
        return new ArrayList<>(silences.values());
    }

    /** The IDs of the silences active now whose matchers select these labels, sorted. */
    public List<String> activeMatching(Labels labels) {
        Instant now = clock.instant();
        List<String> ids = new ArrayList<>();
        synchronized (this) {
            for (Silence s : silences.values()) {
                if (s.state(now) == SilenceState.ACTIVE && s.matches(labels)) {
                    ids.add(s.id());
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    public synchronized int count(Collection<SilenceState> states) {
        Set<SilenceState> wanted = EnumSet.copyOf(states);
        Instant now = clock.instant();
        int n = 0;
        for (Silence s : silences.values()) {
            if (wanted.contains(s.state(now))) {
                n++;
            }
        }
        return n;
    }

    /** Drops silences whose end lies more than the retention period back; returns how many. */
    public synchronized int gc() {
        Instant now = clock.instant();
        int before = silences.size();
        silences.values().removeIf(s -> !s.endsAt().plus(retention).isAfter(now));
        int removed = before - silences.size();
        if (removed > 0) {
            persist();
        }
        return removed;
    }

    /** Writes the snapshot now (it is also written after every change). */
    public synchronized void snapshot() {
        persist();
    }

    public synchronized long snapshotSize() {
        return snapshotBytes;
    }

    private void persist() {
        if (snapshot == null) {
            return;
        }
        byte[] data = SilenceCodec.encode(silences.values());
        try {
            snapshot.write(data);
            snapshotBytes = data.length;
        } catch (IOException e) {
            LOG.error("Writing silences snapshot to {} failed: {}", snapshot.path(), e.toString());
        }
    }
}
