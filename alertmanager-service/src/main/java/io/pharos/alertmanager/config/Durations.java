package io.pharos.alertmanager.config;

import io.pharos.model.config.PromDuration;
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
    private static final Pattern GO_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");

    private Durations() {
    }

    /** Parses a Prometheus duration; throws {@link IllegalArgumentException} with Prometheus' wording. */
    public static Duration parse(String s) {
        return PromDuration.parse(s);
    }

    /** Formats as Prometheus does: largest units first, zero as {@code 0s}. */
    public static String format(Duration d) {
        return PromDuration.format(d);
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
