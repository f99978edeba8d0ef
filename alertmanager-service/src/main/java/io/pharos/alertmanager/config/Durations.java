package io.pharos.alertmanager.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as alertmanager.yml writes them. Most fields use Prometheus' model durations
 * ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 1d}, {@code 2w}, {@code 1y}: integers, units
 * in decreasing order, each at most once); a few (webhook {@code timeout}) use Go's
 * {@code time.ParseDuration} syntax ({@code 1.5s}, {@code 300ms}, {@code 2h45m}).
 */
public final class Durations {
    private static final Pattern PROMETHEUS = Pattern.compile(
            "^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$");
    private static final long[] PROMETHEUS_UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };
    private static final String[] PROMETHEUS_UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final Pattern GO_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");

    private Durations() {
    }

    /** Parses a Prometheus duration; throws {@link IllegalArgumentException} with Prometheus' wording. */
    public static Duration parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PROMETHEUS.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
        }
        long millis = 0;
        for (int i = 0; i < PROMETHEUS_UNITS.length; i++) {
            String g = m.group(i + 1);
            if (g != null) {
                try {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(g), PROMETHEUS_UNIT_MILLIS[i]));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new IllegalArgumentException("duration out of range: \"" + s + "\"");
                }
            }
        }
        return Duration.ofMillis(millis);
    }

    /** Formats as Prometheus does: largest units first, zero as {@code 0s}. */
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
        for (int i = 0; i < PROMETHEUS_UNITS.length; i++) {
            long n = ms / PROMETHEUS_UNIT_MILLIS[i];
            if (n > 0) {
                sb.append(n).append(PROMETHEUS_UNITS[i]);
                ms -= n * PROMETHEUS_UNIT_MILLIS[i];
            }
        }
        return sb.toString();
    }

    /** Parses a Go {@code time.Duration} string such as {@code 1h15m30.5s} or {@code 300ms}. */
    public static Duration parseGo(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"\"");
        }
        String rest = s;
        boolean negative = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + s + "\"");
        }
        Matcher m = GO_PART.matcher(rest);
        BigDecimal nanos = BigDecimal.ZERO;
        int pos = 0;
        while (pos < rest.length()) {
            if (!m.find(pos) || m.start() != pos || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw new IllegalArgumentException("invalid duration \"" + s + "\"");
            }
            BigDecimal unit = switch (m.group(2)) {
                case "ns" -> BigDecimal.ONE;
                case "us", "µs", "μs" -> BigDecimal.valueOf(1_000L);
                case "ms" -> BigDecimal.valueOf(1_000_000L);
                case "s" -> BigDecimal.valueOf(1_000_000_000L);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                default -> BigDecimal.valueOf(3_600_000_000_000L);
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit));
            pos = m.end();
        }
        long n;
        try {
            n = nanos.longValueExact();
        } catch (ArithmeticException e) {
            try {
                n = nanos.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("invalid duration \"" + s + "\"");
            }
        }
        return Duration.ofNanos(negative ? -n : n);
    }
}
