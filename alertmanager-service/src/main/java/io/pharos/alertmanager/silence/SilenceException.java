package io.pharos.alertmanager.silence;

/** A silence that cannot be stored or expired; {@link #isNotFound()} tells a missing ID apart. */
public final class SilenceException extends Exception {
    private final boolean notFound;

    private SilenceException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    /** Alertmanager's wording for an unknown ID. */
    public static SilenceException missing() {
        return new SilenceException("silence not found", true);
    }

    public static SilenceException invalid(String message) {
        return new SilenceException(message, false);
    }

    public boolean isNotFound() {
        return notFound;
    }
}
