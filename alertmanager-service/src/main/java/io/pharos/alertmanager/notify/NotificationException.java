package io.pharos.alertmanager.notify;

/** A failed delivery; recoverable ones (network errors, 5xx) are retried until the flush times out. */
public class NotificationException extends Exception {
    private final boolean recoverable;
    private final FailureReason reason;

    public NotificationException(String message, boolean recoverable, FailureReason reason) {
        super(message);
        this.recoverable = recoverable;
        this.reason = reason;
    }

    public NotificationException(String message, boolean recoverable, FailureReason reason, Throwable cause) {
        super(message, cause);
        this.recoverable = recoverable;
        this.reason = reason;
    }

    public boolean recoverable() {
        return recoverable;
    }

    public FailureReason reason() {
        return reason;
    }
}
