package io.pharos.model.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XorChunkTest {

    private static final int SAMPLES = 120;
    private static final long START = 1_717_000_000_000L;
    private static final long INTERVAL = 15_000L;

    @Test
    void aConstantSeriesCostsTwoBitsPerSampleAfterTheFirstTwo() {
        int two = encodedSize(regularTimestamps(2), constant(42.5));
        int all = encodedSize(regularTimestamps(SAMPLES), constant(42.5));
        double bitsPerSample = (all - two) * 8.0 / (SAMPLES - 2);
        assertThat(bitsPerSample).isLessThanOrEqualTo(2.0 + 8.0 / (SAMPLES - 2));
        report("constant gauge, exact 15 s interval", all);
    }

    @Test
    void aConstantGaugeWithJitteredTimestampsPaysOnlyForTheTimestamps() {
        long[] ts = jitteredTimestamps(SAMPLES, 50, new Random(1));
        int size = encodedSize(ts, constant(1.0));
        report("constant gauge, 15 s +-50 ms jitter", size);
        assertThat(bytesPerSample(size)).isLessThan(2.0);
    }

    @Test
    void aJitteredCounterOfSmallIncrementsStaysSmall() {
        Random rnd = new Random(7);
        long[] ts = jitteredTimestamps(SAMPLES, 50, rnd);
        double[] vs = new double[SAMPLES];
        double v = 1_234_567;
        for (int i = 0; i < SAMPLES; i++) {
            v += rnd.nextInt(20);
            vs[i] = v;
        }
        int size = encode(ts, vs).length;
        report("counter, small integer increments, 15 s +-50 ms jitter", size);
        report("  of which timestamps alone", encodedSize(ts, constant(0)));
        assertThat(bytesPerSample(size)).isLessThan(3.5);
        assertRoundTrips(ts, vs);
    }

    @Test
    void aRandomWalkFloatGaugeIsBoundedByTheRawSize() {
        Random rnd = new Random(11);
        long[] ts = jitteredTimestamps(SAMPLES, 50, rnd);
        double[] vs = new double[SAMPLES];
        double v = 50.0;
        for (int i = 0; i < SAMPLES; i++) {
            v += rnd.nextGaussian();
            vs[i] = v;
        }
        int size = encode(ts, vs).length;
        report("random-walk float gauge, 15 s +-50 ms jitter", size);
        assertThat(bytesPerSample(size)).isLessThan(10.0);
        assertRoundTrips(ts, vs);
    }

    @Test
    void theStalenessMarkerSurvivesAndStaysDistinctFromAnOrdinaryNaN() {
        long[] ts = regularTimestamps(4);
        double stale = Double.longBitsToDouble(Series.STALE_NAN);
        double nan = Double.longBitsToDouble(Series.ORDINARY_NAN);
        ChunkIterator it = XorChunk.iterator(encode(ts, new double[] {1.0, stale, nan, stale}));

        long[] seen = new long[4];
        for (int i = 0; it.next(); i++) {
            seen[i] = it.valueBits();
            assertThat(Double.doubleToRawLongBits(it.value())).isEqualTo(seen[i]);
        }
        assertThat(seen).containsExactly(
                Double.doubleToRawLongBits(1.0), Series.STALE_NAN, Series.ORDINARY_NAN, Series.STALE_NAN);
    }

    @Test
    void equalTimestampsAreAcceptedButAnOlderOneIsNot() {
        ChunkAppender a = XorChunk.newAppender();
        a.append(1000, 1);
        a.append(1000, 2);
        assertThatThrownBy(() -> a.append(999, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("999");
        assertThat(a.numSamples()).isEqualTo(2);
        assertThat(a.minTime()).isEqualTo(1000);
        assertThat(a.maxTime()).isEqualTo(1000);
    }

    @Test
    void anEmptyChunkIsJustItsHeaderAndCanBeReopened() {
        ChunkAppender a = XorChunk.newAppender();
        assertThat(a.bytes()).containsExactly(0, 0);
        assertThat(a.minTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(a.maxTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(XorChunk.iterator(a.bytes()).next()).isFalse();
        assertThat(XorChunk.iterator(a.bytes()).seek(Long.MIN_VALUE)).isFalse();

        ChunkAppender reopened = XorChunk.appender(a.bytes());
        reopened.append(-5, -0.0);
        ChunkIterator it = XorChunk.iterator(reopened.bytes());
        assertThat(it.next()).isTrue();
        assertThat(it.timestamp()).isEqualTo(-5);
        assertThat(it.valueBits()).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void aFullChunkRefusesMoreSamples() {
        ChunkAppender a = XorChunk.newAppender();
        for (int i = 0; i < XorChunk.MAX_SAMPLES; i++) {
            a.append(i * INTERVAL, i);
        }
        assertThat(a.isFull()).isTrue();
        assertThatThrownBy(() -> a.append(Long.MAX_VALUE, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(XorChunk.numSamples(a.bytes(), 0, a.encodedSize())).isEqualTo(XorChunk.MAX_SAMPLES);

        ChunkIterator it = XorChunk.iterator(a.bytes());
        assertThat(it.seek((XorChunk.MAX_SAMPLES - 1) * INTERVAL)).isTrue();
        assertThat(it.value()).isEqualTo(XorChunk.MAX_SAMPLES - 1);
        assertThat(it.next()).isFalse();
    }

    @Test
    void aTruncatedChunkFailsRatherThanInventingSamples() {
        byte[] bytes = encode(jitteredTimestamps(30, 50, new Random(3)), constant(Math.PI));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 2);
        ChunkIterator it = XorChunk.iterator(truncated);
        assertThatThrownBy(() -> {
            while (it.next()) {
                // decode until the stream runs out
            }
        }).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> XorChunk.appender(truncated)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XorChunk.iterator(new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reopeningRefusesBytesAfterTheLastSample() {
        byte[] bytes = encode(regularTimestamps(3), constant(1));
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> XorChunk.appender(padded)).isInstanceOf(IllegalArgumentException.class);
        assertThat(XorChunk.appender(padded, 0, bytes.length).numSamples()).isEqualTo(3);
    }

    @Test
    void chunksDispatchOnTheEncodingId() {
        assertThat(ChunkEncoding.XOR.id()).isEqualTo((byte) 1);
        assertThat(ChunkEncoding.fromId((byte) 1)).isEqualTo(ChunkEncoding.XOR);
        assertThatThrownBy(() -> ChunkEncoding.fromId((byte) 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Chunks.iterator((byte) 99, new byte[2]))
                .isInstanceOf(IllegalArgumentException.class);

        ChunkAppender a = Chunks.newAppender(ChunkEncoding.XOR);
        assertThat(a.encoding()).isEqualTo(ChunkEncoding.XOR);
        a.append(10, 1.5);
        a.append(20, 2.5);
        byte id = a.encoding().id();
        byte[] bytes = a.bytes();
        assertThat(Chunks.numSamples(id, bytes, 0, bytes.length)).isEqualTo(2);
        ChunkIterator it = Chunks.iterator(id, bytes, 0, bytes.length);
        assertThat(it.seek(15)).isTrue();
        assertThat(it.timestamp()).isEqualTo(20);
        assertThat(it.value()).isEqualTo(2.5);
    }

    // ---- helpers ----

    private static long[] regularTimestamps(int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = START + i * INTERVAL;
        }
        return ts;
    }

    /** Scrape times that miss their 15 s slot by a uniform -jitter..+jitter milliseconds. */
    private static long[] jitteredTimestamps(int n, int jitter, Random rnd) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = START + i * INTERVAL + rnd.nextInt(2 * jitter + 1) - jitter;
        }
        return ts;
    }

    private static double[] constant(double v) {
        double[] vs = new double[SAMPLES];
        Arrays.fill(vs, v);
        return vs;
    }

    private static byte[] encode(long[] ts, double[] vs) {
        ChunkAppender a = XorChunk.newAppender();
        for (int i = 0; i < ts.length; i++) {
            a.append(ts[i], vs[i]);
        }
        return a.bytes();
    }

    private static int encodedSize(long[] ts, double[] vs) {
        return encode(ts, vs).length;
    }

    private static void assertRoundTrips(long[] ts, double[] vs) {
        ChunkIterator it = XorChunk.iterator(encode(ts, vs));
        for (int i = 0; i < ts.length; i++) {
            assertThat(it.next()).isTrue();
            assertThat(it.timestamp()).isEqualTo(ts[i]);
            assertThat(it.valueBits()).isEqualTo(Double.doubleToRawLongBits(vs[i]));
        }
        assertThat(it.next()).isFalse();
    }

    private static double bytesPerSample(int size) {
        return (double) size / SAMPLES;
    }

    private static void report(String what, int size) {
        System.out.printf("chunk size: %-58s %5d bytes / %d samples = %.2f bytes/sample%n",
                what, size, SAMPLES, bytesPerSample(size));
    }
}
