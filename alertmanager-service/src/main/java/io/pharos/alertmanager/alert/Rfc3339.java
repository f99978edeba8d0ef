package io.pharos.alertmanager.alert;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as Alertmanager writes and reads them. Webhook payloads use Go's RFC 3339 with
 * nanoseconds and trailing zeros trimmed; API v2 uses milliseconds. An unset time (null) is
 * Go's zero time, {@code 0001-01-01T00:00:00Z}.
 */
public final class Rfc3339 {
    public static final String ZERO = "0001-01-01T00:00:00Z";
    private static final Instant GO_ZERO = Instant.parse(ZERO);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Rfc3339() {
    }

    /** {@code 2024-05-01T10:00:00.123456789Z}, fraction trimmed of trailing zeros (Go's RFC3339Nano). */
    public static String nanos(Instant t) {
        if (t == null) {
            return ZERO;
        }
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        int n = t.getNano();
        if (n != 0) {
            String frac = String.format("%09d", n);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append('Z').toString();
    }

    /** {@code 2024-05-01T10:00:00.123Z} (go-openapi's date-time). */
    public static String millis(Instant t) {
        Instant v = t == null ? GO_ZERO : t;
        return SECONDS.format(v) + String.format(".%03dZ", v.getNano() / 1_000_000);
    }

    /** Parses RFC 3339 with any offset; Go's zero time reads as null. */
    public static Instant parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return t.equals(GO_ZERO) ? null : t;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid date-time " + LabelSets.quote(s) + ": " + e.getMessage());
        }
    }
}
