package io.pharos.query.rules;

import io.pharos.model.labels.Labels;
import io.pharos.query.notifier.Annotations;

/**
 * One alert of an alerting rule, keyed by its label set. Times in milliseconds; 0 means unset.
 * Mutable by design: its rule updates it in place on every evaluation.
 */
public final class Alert {
    public enum State { INACTIVE, PENDING, FIRING }

    private final Labels labels;
    private Annotations annotations;
    private State state = State.PENDING;
    private double value;
    private final long activeAt;
    private long firedAt;
    private long resolvedAt;
    /** Far in the past until first sent, so that a new alert is due at once. */
    private long lastSentAt = Long.MIN_VALUE / 4;
    private long validUntil;
    private long keepFiringSince;

    Alert(Labels labels, Annotations annotations, double value, long activeAt) {
        this.labels = labels;
        this.annotations = annotations;
        this.value = value;
        this.activeAt = activeAt;
    }

    public Labels labels() {
        return labels;
    }

    public Annotations annotations() {
        return annotations;
    }

    public State state() {
        return state;
    }

    public double value() {
        return value;
    }

    public long activeAt() {
        return activeAt;
    }

    public long firedAt() {
        return firedAt;
    }

    public long resolvedAt() {
        return resolvedAt;
    }

    long lastSentAt() {
        return lastSentAt;
    }

    long validUntil() {
        return validUntil;
    }

    long keepFiringSince() {
        return keepFiringSince;
    }

    /** A copy with another activeAt (after restoring the {@code for} state). */
    Alert withActiveAt(long newActiveAt) {
        Alert a = new Alert(labels, annotations, value, newActiveAt);
        a.state = state;
        return a;
    }

    void update(double newValue, Annotations newAnnotations) {
        value = newValue;
        annotations = newAnnotations;
        keepFiringSince = 0;
    }

    void fire(long ts) {
        state = State.FIRING;
        firedAt = ts;
    }

    void resolve(long ts) {
        state = State.INACTIVE;
        resolvedAt = ts;
    }

    void keepFiringFrom(long ts) {
        if (keepFiringSince == 0) {
            keepFiringSince = ts;
        }
    }

    void sent(long ts, long validUntilMillis) {
        lastSentAt = ts;
        validUntil = validUntilMillis;
    }
}
