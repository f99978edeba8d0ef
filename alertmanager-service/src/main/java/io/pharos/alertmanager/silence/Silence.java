package io.pharos.alertmanager.silence;

import io.pharos.alertmanager.matcher.Matchers;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A silence: alerts whose labels match every matcher are muted from {@code startsAt} to
 * {@code endsAt}. Silences are never deleted by users, only expired, so that the history of
 * what was muted stays visible until garbage collection.
 *
 * @param id a UUID, or empty for a silence not stored yet
 * @param matchers in the order they were given (that order is part of the silence's identity
 *     when deciding whether an update may keep the ID)
 */
public record Silence(
        String id,
        List<Matcher> matchers,
        Instant startsAt,
        Instant endsAt,
        Instant updatedAt,
        String createdBy,
        String comment) {

    public Silence {
        id = id == null ? "" : id;
        matchers = List.copyOf(matchers);
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
    }

    /**
     * The state at {@code now}: pending before the start, expired once the end has passed,
     * active in between (both ends included, as Alertmanager has it).
     */
    public SilenceState state(Instant now) {
        if (now.isBefore(startsAt)) {
            return SilenceState.PENDING;
        }
        if (now.isAfter(endsAt)) {
            return SilenceState.EXPIRED;
        }
        return SilenceState.ACTIVE;
    }

    /** Whether the silence's matchers select these labels (regardless of time). */
    public boolean matches(Labels labels) {
        return Matchers.matches(matchers, labels);
    }

    public Silence withId(String newId) {
        return new Silence(newId, matchers, startsAt, endsAt, updatedAt, createdBy, comment);
    }

    public Silence withTimes(Instant start, Instant end, Instant updated) {
        return new Silence(id, matchers, start, end, updated, createdBy, comment);
    }

    /** Same matchers in the same order (values and types compared, not compiled patterns). */
    boolean sameMatchers(Silence other) {
        return Objects.equals(matchers, other.matchers);
    }
}
