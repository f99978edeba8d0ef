package io.pharos.query.api;

import io.pharos.model.config.PromDuration;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses the API's time and duration parameters as Prometheus does. */
public final class ApiParams {
    /** Prometheus's stand-ins for "the beginning and end of time" in API parameters. */
    static final long MIN_TIME = -9223372036854775L;
    static final long MAX_TIME = 9223372036854775L;

    private ApiParams() {
    }

    /** Unix seconds (with fraction) or RFC 3339; in milliseconds. */
    public static long time(String name, String text) {
        try {
            BigDecimal seconds = new BigDecimal(text);
            return seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            // not a number: try RFC 3339
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ApiError(ApiError.Type.BAD_DATA,
                    "invalid parameter \"" + name + "\": cannot parse \"" + text + "\" to a valid timestamp");
        }
    }

    /** Seconds (with fraction) or a Prometheus duration; in milliseconds. */
    public static long duration(String name, String text) {
        try {
            BigDecimal seconds = new BigDecimal(text);
            return seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            // not a number: try a duration
        }
        try {
            return PromDuration.parse(text).toMillis();
        } catch (IllegalArgumentException e) {
            throw new ApiError(ApiError.Type.BAD_DATA,
                    "invalid parameter \"" + name + "\": cannot parse \"" + text + "\" to a valid duration");
        }
    }
}
