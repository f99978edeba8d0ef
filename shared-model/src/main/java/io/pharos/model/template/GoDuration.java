package io.pharos.model.template;

import java.math.BigDecimal;
import java.time.Duration;

/** Go's {@code time.Duration}: printed as {@code 1h2m3.5s}, with {@code .Seconds}, {@code .Minutes}, {@code .Hours}. */
public final class GoDuration implements GoObject {
    private final long nanos;

    public GoDuration(Duration d) {
        this.nanos = d.toNanos();
    }

    public GoDuration(long nanos) {
        this.nanos = nanos;
    }

    public long nanos() {
        return nanos;
    }

    public double seconds() {
        return nanos / 1e9;
    }

    @Override
    public Object member(String name) {
        return switch (name) {
            case "Seconds" -> GoObject.niladic(name, this::seconds);
            case "Minutes" -> GoObject.niladic(name, () -> nanos / 6e10);
            case "Hours" -> GoObject.niladic(name, () -> nanos / 3.6e12);
            case "Milliseconds" -> GoObject.niladic(name, () -> nanos / 1_000_000L);
            case "Nanoseconds" -> GoObject.niladic(name, () -> nanos);
            case "String" -> GoObject.niladic(name, this::toString);
            default -> NONE;
        };
    }

    @Override
    public String goType() {
        return "time.Duration";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoDuration d && d.nanos == nanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(nanos);
    }

    /** Go's {@code Duration.String}. */
    @Override
    public String toString() {
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        BigDecimal abs = BigDecimal.valueOf(nanos).abs();
        StringBuilder sb = new StringBuilder(neg ? "-" : "");
        if (abs.compareTo(BigDecimal.valueOf(1_000_000_000L)) < 0) {
            String unit;
            BigDecimal div;
            if (abs.compareTo(BigDecimal.valueOf(1000)) < 0) {
                unit = "ns";
                div = BigDecimal.ONE;
            } else if (abs.compareTo(BigDecimal.valueOf(1_000_000)) < 0) {
                unit = "µs";
                div = BigDecimal.valueOf(1000);
            } else {
                unit = "ms";
                div = BigDecimal.valueOf(1_000_000);
            }
            return sb.append(abs.divide(div).stripTrailingZeros().toPlainString()).append(unit).toString();
        }
        long total = Math.abs(nanos);
        long hours = total / 3_600_000_000_000L;
        long minutes = (total / 60_000_000_000L) % 60;
        BigDecimal seconds = BigDecimal.valueOf(total % 60_000_000_000L).divide(BigDecimal.valueOf(1_000_000_000L));
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        String s = seconds.signum() == 0 ? "0" : seconds.stripTrailingZeros().toPlainString();
        return sb.append(s).append('s').toString();
    }
}
