package io.pharos.alertmanager.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pharos.alertmanager.alert.Rfc3339;
import io.pharos.alertmanager.silence.Silence;
import io.pharos.model.labels.Matcher;
import java.time.Instant;
import java.util.List;

/** A silence as {@code GET /api/v2/silences} returns it (API v2's gettableSilence). */
@JsonPropertyOrder({"id", "status", "updatedAt", "comment", "createdBy", "endsAt", "matchers", "startsAt"})
public record GettableSilence(
        String id,
        Status status,
        String updatedAt,
        String comment,
        String createdBy,
        String endsAt,
        List<ApiMatcher> matchers,
        String startsAt) {

    /** {@code {"state": "active"}} */
    public record Status(String state) {
    }

    /** A matcher as the API writes it: equality and regex as two flags. */
    @JsonPropertyOrder({"isEqual", "isRegex", "name", "value"})
    public record ApiMatcher(boolean isEqual, boolean isRegex, String name, String value) {
        static ApiMatcher of(Matcher m) {
            return new ApiMatcher(!m.type().isNegative(), m.type().isRegex(), m.name(), m.value());
        }
    }

    static GettableSilence of(Silence s, Instant now) {
        return new GettableSilence(
                s.id(),
                new Status(s.state(now).apiName()),
                Rfc3339.millis(s.updatedAt()),
                s.comment(),
                s.createdBy(),
                Rfc3339.millis(s.endsAt()),
                s.matchers().stream().map(ApiMatcher::of).toList(),
                Rfc3339.millis(s.startsAt()));
    }
}
