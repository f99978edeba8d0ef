package io.pharos.model.chunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Samples as two parallel arrays, timestamps non-decreasing, values as raw IEEE-754 bits. */
record Series(long[] timestamps, long[] valueBits) {

    static final long STALE_NAN = 0x7ff0000000000002L;
    static final long ORDINARY_NAN = 0x7ff8000000000001L;

    /** Bit patterns a codec is most likely to get wrong. */
    static final long[] SPECIAL_BITS = {
        STALE_NAN,
        ORDINARY_NAN,
        0x7ff8000000000000L, // canonical NaN
        0xfff0000000000001L, // negative signalling NaN
        0xffffffffffffffffL, // NaN, every bit set
        0x7fffffffffffffffL, // NaN, every payload bit set
        0x7ff0000000000000L, // +Inf
        0xfff0000000000000L, // -Inf
        0x0000000000000000L, // +0.0
        0x8000000000000000L, // -0.0
        0x0000000000000001L, // smallest subnormal
        0x800fffffffffffffL, // largest negative subnormal
        0x000fffffffffffffL, // largest subnormal
        0x0010000000000000L, // smallest normal
        0x7fefffffffffffffL, // Double.MAX_VALUE
        0x3ff0000000000000L, // 1.0
    };

    int size() {
        return timestamps.length;
    }

    Series prefix(int n) {
        return new Series(Arrays.copyOf(timestamps, n), Arrays.copyOf(valueBits, n));
    }

    void appendTo(ChunkAppender a, int from, int to) {
        for (int i = from; i < to; i++) {
            a.append(timestamps[i], Double.longBitsToDouble(valueBits[i]));
        }
    }

    byte[] encode() {
        ChunkAppender a = XorChunk.newAppender();
        appendTo(a, 0, size());
        return a.bytes();
    }

    /** Index of the first sample at or after {@code t}, or {@link #size()} if none. */
    int firstAtOrAfter(long t) {
        int i = 0;
        while (i < size() && timestamps[i] < t) {
            i++;
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Series[");
        for (int i = 0; i < size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(timestamps[i]).append('=')
                    .append(Double.longBitsToDouble(valueBits[i]))
                    .append("/0x").append(Long.toHexString(valueBits[i]));
        }
        return sb.append(']').toString();
    }

    // ---- generators ----

    private record Step(long delta, long bits, boolean repeat) {
    }

    static Arbitrary<Long> valueBitPatterns() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(toList(SPECIAL_BITS))),
                Tuple.of(3, Arbitraries.longs()),
                Tuple.of(3, Arbitraries.longs().between(-1000, 1_000_000).map(i -> bits((double) i))),
                Tuple.of(2, Arbitraries.doubles().between(-1e6, 1e6).map(Series::bits)),
                Tuple.of(1, Arbitraries.doubles().map(Series::bits)));
    }

    static Arbitrary<Long> timestampDeltas() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(15_000L)),
                Tuple.of(5, Arbitraries.longs().between(14_900, 15_100)),
                Tuple.of(2, Arbitraries.longs().between(0, 3)),
                Tuple.of(1, Arbitraries.of(60_000L, 30_000L, 1L << 19, 1L << 20, 1L << 33)),
                Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE / 8)));
    }

    /** Scrape-like series (regular, jittered, with gaps and extremes) and fully random ones. */
    static Arbitrary<Series> any(int maxSize) {
        Arbitrary<Step> step = Combinators.combine(
                        timestampDeltas(), valueBitPatterns(), Arbitraries.integers().between(0, 3).map(i -> i == 0))
                .as(Step::new);
        Arbitrary<Long> start = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(1_600_000_000_000L, 1_800_000_000_000L)),
                Tuple.of(1, Arbitraries.longs()));
        Arbitrary<Series> stepped = Combinators.combine(start, step.list().ofMaxSize(maxSize))
                .as(Series::fromSteps);
        Arbitrary<Series> unordered = Combinators.combine(Arbitraries.longs(), valueBitPatterns())
                .as(Tuple::of)
                .list().ofMaxSize(Math.min(maxSize, 40))
                .map(list -> {
                    List<Tuple.Tuple2<Long, Long>> sorted = new ArrayList<>(list);
                    sorted.sort(Comparator.comparing(Tuple.Tuple2::get1));
                    long[] ts = sorted.stream().mapToLong(Tuple.Tuple2::get1).toArray();
                    long[] vs = sorted.stream().mapToLong(Tuple.Tuple2::get2).toArray();
                    return new Series(ts, vs);
                });
        return Arbitraries.frequencyOf(Tuple.of(4, stepped), Tuple.of(1, unordered));
    }

    private static Series fromSteps(long start, List<Step> steps) {
        long[] ts = new long[steps.size()];
        long[] vs = new long[steps.size()];
        long t = start;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (i > 0) {
                long next = t + s.delta();
                t = next < t ? Long.MAX_VALUE : next; // saturate instead of wrapping
            }
            ts[i] = t;
            vs[i] = s.repeat() && i > 0 ? vs[i - 1] : s.bits();
        }
        return new Series(ts, vs);
    }

    static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    private static List<Long> toList(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
