package io.pharos.alertmanager.notify;

/** Why a notification failed: the {@code reason} label of {@code alertmanager_notifications_failed_total}. */
public enum FailureReason {
    OTHER("other"),
    CLIENT_ERROR("clientError"),
    SERVER_ERROR("serverError"),
    CONTEXT_CANCELED("contextCanceled"),
    CONTEXT_DEADLINE_EXCEEDED("contextDeadlineExceeded"),
    AUTH_ERROR("authError"),
    RATE_LIMITED("rateLimited");

    private final String label;

    FailureReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The reason for an HTTP status that is not 2xx. */
    public static FailureReason fromStatusCode(int status) {
        if (status == 401 || status == 403) {
            return AUTH_ERROR;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status / 100 == 4) {
            return CLIENT_ERROR;
        }
        if (status / 100 == 5) {
            return SERVER_ERROR;
        }
        return OTHER;
    }
}
