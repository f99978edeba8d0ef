package io.pharos.alertmanager.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** An alert as {@code GET /api/v2/alerts} returns it (API v2's gettableAlert). */
@JsonPropertyOrder({"annotations", "endsAt", "fingerprint", "receivers", "startsAt", "status", "updatedAt",
    "generatorURL", "labels"})
public record GettableAlert(
        Map<String, String> annotations,
        String endsAt,
        String fingerprint,
        List<ReceiverReference> receivers,
        String startsAt,
        Status status,
        String updatedAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String generatorURL,
        Map<String, String> labels) {

    /** {@code {"name": "team-X"}} */
    public record ReceiverReference(String name) {
    }

    /** The alert's state and what mutes it. */
    @JsonPropertyOrder({"inhibitedBy", "mutedBy", "silencedBy", "state"})
    public record Status(List<String> inhibitedBy, List<String> mutedBy, List<String> silencedBy, String state) {
    }
}
