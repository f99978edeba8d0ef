package io.pharos.model.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DecimalChunkTest {
    private static void assertRoundTrip(long[] ts, double[] vs) {
        byte[] enc = DecimalChunk.encode(ts, vs, ts.length);
        assertThat(DecimalChunk.numSamples(enc, 0, enc.length)).isEqualTo(ts.length);
        ChunkIterator it = DecimalChunk.iterator(enc, 0, enc.length);
        for (int i = 0; i < ts.length; i++) {
            assertThat(it.next()).isTrue();
            assertThat(it.timestamp()).isEqualTo(ts[i]);
            assertThat(it.valueBits()).as("value %d", i).isEqualTo(Double.doubleToRawLongBits(vs[i]));
        }
        assertThat(it.next()).isFalse();
    }

    @Provide
    Arbitrary<List<Double>> values() {
        Arbitrary<Double> decimals = Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 100.0);
        Arbitrary<Double> any = Arbitraries.longs().map(Double::longBitsToDouble);
        Arbitrary<Double> special = Arbitraries.of(Double.NaN, Double.longBitsToDouble(0x7ff0000000000002L), -0.0, 0.0,
                Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e300, 4096.0 * 123456789);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, decimals), net.jqwik.api.Tuple.of(2, any), net.jqwik.api.Tuple.of(1, special))
                .list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 300)
    void anyValuesRoundTripBitExactly(@ForAll("values") List<Double> values, @ForAll long start) {
        long[] ts = new long[values.size()];
        double[] vs = new double[values.size()];
        long t = start / 4;
        for (int i = 0; i < vs.length; i++) {
            ts[i] = t;
            t += 15_000 + (i % 7) - 3;
            vs[i] = values.get(i);
        }
        assertRoundTrip(ts, vs);
    }

    @Test
    void decimalsAndIntegersAreFoundExactly() {
        assertThat(DecimalChunk.scaleOf(new double[] {1, 2, 3}, 3)).isZero();
        assertThat(DecimalChunk.scaleOf(new double[] {1.5, 2.25}, 2)).isEqualTo(2);
        assertThat(DecimalChunk.scaleOf(new double[] {0.1, 0.2}, 2)).isEqualTo(1);
        assertThat(DecimalChunk.scaleOf(new double[] {Math.PI}, 1)).isEqualTo(-1);
        assertThat(DecimalChunk.scaleOf(new double[] {-0.0}, 1)).isEqualTo(-1);
        assertThat(DecimalChunk.scaleOf(new double[] {Double.NaN}, 1)).isEqualTo(-1);
    }

    @Test
    void steadyCounterCostsAboutOneBitPerValue() {
        int n = 120;
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + 15_000L * i;
            // As parsed from an exposition's decimal text, e.g. "1045.05".
            vs[i] = (100050 + 1485L * i) / 100.0;
        }
        byte[] enc = DecimalChunk.encode(ts, vs, n);
        assertRoundTrip(ts, vs);
        // Regular timestamps and a constant rate: one bit each per sample, plus headers.
        assertThat(enc.length).isLessThan(50);
    }

    @Test
    void sealPicksTheSmallerEncoding() {
        ChunkAppender a = XorChunk.newAppender();
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // A CPU-seconds counter as an exposition writes it, to the hundredth, with jitter.
            a.append(15_000L * i + (i * 13 % 7) - 3, (100050 + 1485L * i + (i * 31 % 9)) / 100.0);
        }
        Chunks.Sealed sealed = Chunks.seal(a);
        assertThat(sealed.encoding()).isEqualTo(ChunkEncoding.DECIMAL);
        assertThat(sealed.data().length).isLessThan(a.encodedSize());
        ChunkIterator it = Chunks.iterator(sealed.encoding(), sealed.data(), 0, sealed.data().length);
        ChunkIterator orig = XorChunk.iterator(a.bytes());
        while (orig.next()) {
            assertThat(it.next()).isTrue();
            assertThat(it.timestamp()).isEqualTo(orig.timestamp());
            assertThat(it.valueBits()).isEqualTo(orig.valueBits());
        }
        assertThat(it.next()).isFalse();
        assertThat(samples).isEmpty();
    }

    @Test
    void sealNeverGrowsAChunk() {
        ChunkAppender a = XorChunk.newAppender();
        long pages = 250_000;
        for (int i = 0; i < 120; i++) {
            pages += (i * 7 % 5) - 2;
            a.append(15_000L * i, 4096.0 * pages);
        }
        assertThat(Chunks.seal(a).data().length).isLessThanOrEqualTo(a.encodedSize());
    }

    @Test
    void differencesShareTheirCommonStep() {
        assertThat(DecimalChunk.commonStep(new long[] {0, 4096, 12288, 8192}, 4)).isEqualTo(4096);
        assertThat(DecimalChunk.commonStep(new long[] {5, 5, 5}, 3)).isEqualTo(1);
        assertThat(DecimalChunk.commonStep(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 2)).isEqualTo(1);
    }

    @Test
    void seekFindsTheFirstSampleAtOrAfter() {
        long[] ts = {1000, 2000, 2000, 3000};
        double[] vs = {1, 2, 3, 4};
        byte[] enc = DecimalChunk.encode(ts, vs, 4);
        ChunkIterator it = DecimalChunk.iterator(enc, 0, enc.length);
        assertThat(it.seek(1500)).isTrue();
        assertThat(it.value()).isEqualTo(2);
        assertThat(it.seek(3001)).isFalse();
    }
}
