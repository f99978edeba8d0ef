package io.pharos.model.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's duration syntax ({@code 1h30m}, {@code 15s}, {@code 100ms}, units y w d h m s ms
 * in descending order, each at most once), as used in prometheus.yml and alertmanager.yml.
 */
public final class PromDuration {
    private static final Pattern FORMAT = Pattern.compile(
            "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000L, 60_000L, 1000L, 1L
    };
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private PromDuration() {
    }

    /** Parses a duration; throws IllegalArgumentException naming the text when it is not one. */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
        }
        long millis = 0;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            String g = m.group(i + 1);
            if (g != null) {
                try {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(g), UNIT_MILLIS[i]));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new IllegalArgumentException("duration out of range: \"" + text + "\"");
                }
            }
        }
        return Duration.ofMillis(millis);
    }

    /** Formats as Prometheus prints durations, e.g. {@code 1h30m}, {@code 0s} for zero. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long n = ms / UNIT_MILLIS[i];
            // Prometheus prints years and weeks only when what is left is a whole number of them.
            if (n > 0 && !(i <= 1 && ms % UNIT_MILLIS[i] != 0)) {
                sb.append(n).append(UNIT_NAMES[i]);
                ms -= n * UNIT_MILLIS[i];
            }
        }
        return sb.toString();
    }
}
