package io.pharos.alertmanager.notify;

/** Why the dedup stage lets a flush through, or {@link #NONE} when it does not. */
public enum NotifyReason {
    NONE("none"),
    FIRST_NOTIFICATION("first notification"),
    NEW_ALERTS_IN_GROUP("new alerts added"),
    NEW_RESOLVED_ALERTS("some alerts resolved"),
    ALL_ALERTS_RESOLVED("all alerts resolved"),
    REPEAT_INTERVAL_ELAPSED("repeat interval elapsed");

    private final String text;

    NotifyReason(String text) {
        this.text = text;
    }

    public boolean shouldNotify() {
        return this != NONE;
    }

    @Override
    public String toString() {
        return text;
    }
}
