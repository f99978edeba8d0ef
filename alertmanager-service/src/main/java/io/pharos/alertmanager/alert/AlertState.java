package io.pharos.alertmanager.alert;

/** An alert's state as API v2 reports it. */
public enum AlertState {
    /** Received but not yet through the mute checks. */
    UNPROCESSED,
    /** Not muted: notifications go out. */
    ACTIVE,
    /** Muted by a silence, an inhibition or a time interval. */
    SUPPRESSED;

    /** The API's spelling: {@code active}, {@code suppressed}, {@code unprocessed}. */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
