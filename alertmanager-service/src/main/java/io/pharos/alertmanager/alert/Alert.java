package io.pharos.alertmanager.alert;

import io.pharos.model.labels.Labels;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert as Alertmanager keeps it. Its identity is its label set: the {@link #fingerprint()}
 * is Alertmanager's ({@link Fingerprint}), printed as 16 hex digits.
 *
 * @param endsAt when the alert stops firing, or null when unknown (Go's zero time)
 * @param updatedAt when it was last received: the authority when two versions are merged
 * @param timeout true when endsAt was not sent but set from {@code resolve_timeout}
 */
public record Alert(
        Labels labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        Instant updatedAt,
        boolean timeout) {

    public Alert {
        Objects.requireNonNull(labels, "labels");
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
        generatorURL = generatorURL == null ? "" : generatorURL;
    }

    public long fingerprint() {
        return Fingerprint.of(labels);
    }

    /** The fingerprint as the API and webhooks print it: 16 lower-case hex digits. */
    public String fingerprintHex() {
        return formatFingerprint(fingerprint());
    }

    public static String formatFingerprint(long fp) {
        return String.format("%016x", fp);
    }

    public String name() {
        return labels.get("alertname");
    }

    /** Resolved at {@code t}: it has an end and the end is not after t. */
    public boolean resolvedAt(Instant t) {
        return endsAt != null && !endsAt.isAfter(t);
    }

    /** "resolved" or "firing" at {@code t}, as webhook payloads write it. */
    public String statusAt(Instant t) {
        return resolvedAt(t) ? "resolved" : "firing";
    }

    public Alert withEndsAt(Instant end) {
        return new Alert(labels, annotations, startsAt, end, generatorURL, updatedAt, timeout);
    }

    public Alert withStartsAt(Instant start) {
        return new Alert(labels, annotations, start, endsAt, generatorURL, updatedAt, timeout);
    }

    /**
     * Combines two versions of the same alert as Alertmanager does: the more recently updated
     * one wins, but the earliest start is kept, and a later explicit end (not one derived from
     * resolve_timeout) of the older version survives while the alert is not resolved.
     */
    public Alert merge(Alert other, Instant now) {
        if (other.updatedAt.isBefore(updatedAt)) {
            return other.merge(this, now);
        }
        Instant start = startsAt.isBefore(other.startsAt) ? startsAt : other.startsAt;
        Instant end = other.endsAt;
        if (other.resolvedAt(now)) {
            if (resolvedAt(now) && after(endsAt, other.endsAt)) {
                end = endsAt;
            }
        } else if (after(endsAt, other.endsAt) && !timeout) {
            end = endsAt;
        }
        return new Alert(other.labels, other.annotations, start, end, other.generatorURL, other.updatedAt, other.timeout);
    }

    /** Go's time.After with zero times: a null instant is the earliest possible time. */
    static boolean after(Instant a, Instant b) {
        if (a == null) {
            return false;
        }
        return b == null || a.isAfter(b);
    }

    static boolean before(Instant a, Instant b) {
        return after(b, a);
    }
}
