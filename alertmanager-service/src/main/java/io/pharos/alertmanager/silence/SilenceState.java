package io.pharos.alertmanager.silence;

import java.util.Locale;

/** Where a silence is in its life: before its start, muting, or over. */
public enum SilenceState {
    ACTIVE,
    PENDING,
    EXPIRED;

    /** The API's spelling: {@code active}, {@code pending}, {@code expired}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
