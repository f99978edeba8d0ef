package io.pharos.query.promql.parser;

import io.pharos.query.promql.ast.PromqlText;

/**
 * Prometheus durations: an integer and a unit, units in descending order and each at most once:
 * {@code y w d h m s ms} ({@code 1h30m}, {@code 2d12h}, {@code 500ms}), a year being 365 days. A
 * bare {@code 0} is also accepted.
 */
public final class Durations {

    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_MILLIS = {365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000,
        60_000, 1000, 1};
    /** The largest duration Go's time.Duration holds, in milliseconds. */
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000;

    private Durations() {
    }

    /**
     * The duration in milliseconds.
     *
     * @throws IllegalArgumentException worded as Prometheus words it ({@code not a valid duration
     *                                  string: "5m1h"}, {@code unknown unit "hs" in duration "5y1hs"})
     */
    public static long parse(String text) {
        if (text.equals("0")) {
            return 0;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < text.length()) {
            int digitsStart = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == digitsStart) {
                throw invalid(text);
            }
            long value;
            try {
                value = Long.parseLong(text.substring(digitsStart, i));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < text.length() && !isDigit(text.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw invalid(text);
            }
            String unit = text.substring(unitStart, i);
            int u = unitIndex(unit);
            if (u < 0) {
                throw new IllegalArgumentException("unknown unit " + PromqlText.quote(unit) + " in duration "
                        + PromqlText.quote(text));
            }
            if (u <= lastUnit) {
                throw invalid(text);
            }
            lastUnit = u;
            if (value > MAX_MILLIS / UNIT_MILLIS[u]) {
                throw new IllegalArgumentException("duration out of range");
            }
            total += value * UNIT_MILLIS[u];
            if (total > MAX_MILLIS) {
                throw new IllegalArgumentException("duration out of range");
            }
        }
        return total;
    }

    /** A duration as Prometheus prints it: {@code 1h30m}, {@code 90d} (not 12w6d), {@code 0s}, {@code -5m}. */
    public static String format(long millis) {
        return PromqlText.formatDuration(millis);
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not a valid duration string: " + PromqlText.quote(text));
    }
}
