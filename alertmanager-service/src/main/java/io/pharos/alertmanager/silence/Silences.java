package io.pharos.alertmanager.silence;

import io.pharos.alertmanager.storage.LegacySnapshot;
import io.pharos.alertmanager.storage.StateTable;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The silences, with Alertmanager's rules for changing them: a new silence gets a fresh UUID and
 * starts no earlier than now; an update keeps the ID only when it does not rewrite history (same
 * matchers, and for an active silence the same start and an end not in the past), otherwise the
 * old silence is expired and a new one created. Expired silences stay visible for the retention
 * period, then {@link #gc()} drops them.
 *
 * <p>With a {@link StateTable}, every change is written through to it (synced) before it is made
 * in memory and before the caller hears of it, so a silence the API acknowledged survives even a
 * SIGKILL right after; {@link #load()} restores the silences on start. Reads are served from
 * memory only.
 */
public final class Silences {
    /** Alertmanager's default {@code --data.retention}. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(120);
    /** The state store's table of silences, keyed by ID. */
    public static final String TABLE = "silences";

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Clock clock;
    private final Duration retention;
    private final StateTable table;
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private long storedBytes;

    /**
     * @param table where silences are kept across restarts ({@link #TABLE}); null to keep them in memory only
     */
    public Silences(Clock clock, Duration retention, StateTable table) {
        this.clock = clock;
        this.retention = retention;
        this.table = table;
    }

    public static Silences inMemory(Clock clock) {
        return new Silences(clock, DEFAULT_RETENTION, null);
    }

    /** The {@code silences.json} of versions before the state store, to import into {@link #TABLE} once. */
    public static LegacySnapshot legacySnapshot(Path file) {
        return new LegacySnapshot(file, TABLE, SilenceCodec::decodeLegacyJson);
    }

    /**
     * Reads the stored silences into memory, deleting those past their retention; returns how many
     * were loaded. Throws {@link IllegalStateException} for a silence it cannot read (rather than
     * start without it and let its alerts page).
     */
    public synchronized int load() {
        if (table == null) {
            return 0;
        }
        Instant now = clock.instant();
        List<Silence> kept = new ArrayList<>();
        List<Silence> stale = new ArrayList<>();
        table.forEach((key, value) -> {
            Silence s;
            try {
                s = SilenceCodec.decode(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("silence " + new String(key, StandardCharsets.UTF_8)
                        + " in table " + table.name() + " cannot be read: " + e.getMessage(), e);
            }
            if (s.endsAt().plus(retention).isAfter(now)) {
                kept.add(s);
                storedBytes += value.length;
            } else {
                stale.add(s);
            }
        });
        // The table is in ID order; the last update is the closest to the order they were made in.
        kept.sort(Comparator.comparing(Silence::updatedAt).thenComparing(Silence::id));
        kept.forEach(s -> silences.put(s.id(), s));
        delete(stale);
        return kept.size();
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
            store(List.of(updated));
            return updated.id();
        }
        Instant start = silence.startsAt() != null && silence.startsAt().isBefore(now) ? now : silence.startsAt();
        Silence created = silence.withId(UUID.randomUUID().toString()).withTimes(start, silence.endsAt(), now);
        validate(created);
        if (prev != null && prev.state(now) != SilenceState.EXPIRED) {
            store(List.of(expired(prev, now), created)); // together: never both active, never neither
        } else {
            store(List.of(created));
        }
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
        store(List.of(expired(s, now)));
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

    /** Every silence in the order they were created (those loaded on start: in the order of their last update). */
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

    /** Drops silences whose end lies more than the retention period back, from memory and the table; returns how many. */
    public synchronized int gc() {
        Instant now = clock.instant();
        List<Silence> stale = new ArrayList<>();
        for (Silence s : silences.values()) {
            if (!s.endsAt().plus(retention).isAfter(now)) {
                stale.add(s);
            }
        }
        delete(stale);
        for (Silence s : stale) {
            silences.remove(s.id());
            if (table != null) {
                storedBytes -= SilenceCodec.encode(s).length;
            }
        }
        return stale.size();
    }

    /**
     * The size of the stored silences in bytes (what Alertmanager reports as the size of its
     * silence snapshot); 0 when they are kept in memory only.
     */
    public synchronized long storedBytes() {
        return storedBytes;
    }

    /** Writes the silences through to the table (in one synced write), then makes them current in memory. */
    private void store(List<Silence> changed) {
        List<byte[]> values = new ArrayList<>(changed.size());
        for (Silence s : changed) {
            values.add(table == null ? null : SilenceCodec.encode(s));
        }
        if (table != null) {
            if (changed.size() == 1) {
                table.put(SilenceCodec.key(changed.get(0).id()), values.get(0));
            } else {
                try (StateTable.Batch batch = table.batch()) {
                    for (int i = 0; i < changed.size(); i++) {
                        batch.put(SilenceCodec.key(changed.get(i).id()), values.get(i));
                    }
                    batch.commit();
                }
            }
        }
        for (int i = 0; i < changed.size(); i++) {
            Silence prev = silences.put(changed.get(i).id(), changed.get(i));
            if (table != null) {
                storedBytes += values.get(i).length - (prev == null ? 0 : SilenceCodec.encode(prev).length);
            }
        }
    }

    private void delete(List<Silence> stale) {
        if (table == null || stale.isEmpty()) {
            return;
        }
        try (StateTable.Batch batch = table.batch()) {
            for (Silence s : stale) {
                batch.delete(SilenceCodec.key(s.id()));
            }
            batch.commit();
        }
    }
}
