package io.pharos.model.sample;

/**
 * Prometheus's staleness marker: a NaN with a payload no arithmetic produces. It travels
 * through Kafka and storage bit-for-bit and tells the query engine that a series ended.
 */
public final class StaleMarker {
    public static final long BITS = 0x7ff0000000000002L;
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleMarker() {
    }

    public static boolean is(double v) {
        return Double.doubleToRawLongBits(v) == BITS;
    }
}
