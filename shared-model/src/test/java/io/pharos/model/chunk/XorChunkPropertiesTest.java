package io.pharos.model.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class XorChunkPropertiesTest {

    @Provide
    Arbitrary<Series> series() {
        return Series.any(300);
    }

    @Provide
    Arbitrary<Series> shortSeries() {
        return Series.any(40);
    }

    @Property(tries = 600)
    void everySampleRoundTripsBitExactly(@ForAll("series") Series s,
                                         @ForAll @IntRange(max = 17) int offset) {
        ChunkAppender a = XorChunk.newAppender();
        s.appendTo(a, 0, s.size());
        byte[] bytes = a.bytes();

        assertThat(a.numSamples()).isEqualTo(s.size());
        assertThat(a.encodedSize()).isEqualTo(bytes.length);
        assertThat(XorChunk.numSamples(bytes, 0, bytes.length)).isEqualTo(s.size());
        if (s.size() > 0) {
            assertThat(a.minTime()).isEqualTo(s.timestamps()[0]);
            assertThat(a.maxTime()).isEqualTo(s.timestamps()[s.size() - 1]);
        }

        // decode from a slice of a larger array surrounded by junk
        byte[] framed = new byte[offset + bytes.length + 5];
        Arrays.fill(framed, (byte) 0xff);
        System.arraycopy(bytes, 0, framed, offset, bytes.length);
        assertDecodesTo(XorChunk.iterator(framed, offset, bytes.length), s);
        assertDecodesTo(Chunks.iterator(ChunkEncoding.XOR.id(), bytes), s);
    }

    @Property(tries = 400)
    void reopeningAChunkAndAppendingEqualsEncodingInOneGo(@ForAll("series") Series s,
                                                          @ForAll @IntRange(max = 300) int split) {
        int cut = Math.min(split, s.size());
        ChunkAppender first = XorChunk.newAppender();
        s.appendTo(first, 0, cut);
        byte[] checkpoint = first.bytes();

        ChunkAppender reopened = XorChunk.appender(checkpoint);
        assertThat(reopened.numSamples()).isEqualTo(cut);
        assertThat(reopened.minTime()).isEqualTo(first.minTime());
        assertThat(reopened.maxTime()).isEqualTo(first.maxTime());
        assertThat(reopened.bytes()).isEqualTo(checkpoint);

        s.appendTo(reopened, cut, s.size());
        assertThat(reopened.bytes()).isEqualTo(s.encode());
        assertThat(checkpoint).as("the checkpoint is not modified").isEqualTo(first.bytes());
    }

    @Property(tries = 150)
    void reopeningAfterEverySampleStillEqualsOneShotEncoding(@ForAll("shortSeries") Series s) {
        byte[] bytes = XorChunk.newAppender().bytes();
        for (int i = 0; i < s.size(); i++) {
            ChunkAppender a = Chunks.appender(ChunkEncoding.XOR.id(), bytes);
            s.appendTo(a, i, i + 1);
            bytes = a.bytes();
        }
        assertThat(bytes).isEqualTo(s.encode());
    }

    @Property(tries = 600)
    void seekLandsOnTheFirstSampleAtOrAfterTheTargetAndNeverGoesBack(
            @ForAll("series") Series s,
            @ForAll @IntRange(max = 4) int nextCallsFirst,
            @ForAll("targets") long rawTarget,
            @ForAll @IntRange(max = 400) int pick,
            @ForAll @IntRange(min = -1, max = 1) int nudge) {
        // half the time aim at (or just beside) an existing timestamp
        long target = s.size() > 0 && (pick & 1) == 0
                ? s.timestamps()[(pick / 2) % s.size()] + nudge
                : rawTarget;

        ChunkIterator it = XorChunk.iterator(s.encode(), 0, s.encode().length);
        int pos = -1; // index of the current sample in the model
        for (int i = 0; i < nextCallsFirst && pos < s.size(); i++) {
            boolean moved = it.next();
            pos++;
            assertThat(moved).isEqualTo(pos < s.size());
        }
        int expected = pos >= s.size() ? s.size() : Math.max(Math.max(pos, 0), s.firstAtOrAfter(target));

        boolean found = it.seek(target);
        assertThat(found).isEqualTo(expected < s.size());
        if (!found) {
            assertThat(it.next()).isFalse();
            assertThat(it.seek(Long.MIN_VALUE)).isFalse();
            return;
        }
        assertThat(it.timestamp()).isEqualTo(s.timestamps()[expected]);
        assertThat(it.valueBits()).isEqualTo(s.valueBits()[expected]);

        // seeking to an earlier (or the same) time stays put
        assertThat(it.seek(Long.MIN_VALUE)).isTrue();
        assertThat(it.seek(target)).isTrue();
        assertThat(it.timestamp()).isEqualTo(s.timestamps()[expected]);
        assertThat(it.valueBits()).isEqualTo(s.valueBits()[expected]);

        // and the rest follows in order
        for (int i = expected + 1; i < s.size(); i++) {
            assertThat(it.next()).isTrue();
            assertThat(it.timestamp()).isEqualTo(s.timestamps()[i]);
            assertThat(it.valueBits()).isEqualTo(s.valueBits()[i]);
        }
        assertThat(it.next()).isFalse();
    }

    @Provide
    Arbitrary<Long> targets() {
        return Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.longs().between(1_600_000_000_000L, 1_800_000_000_000L));
    }

    @Property(tries = 300)
    void anOlderTimestampIsRefusedAndLeavesTheChunkIntact(@ForAll("series") Series s,
                                                          @ForAll long older,
                                                          @ForAll double v) {
        Assume.that(s.size() > 0);
        long last = s.timestamps()[s.size() - 1];
        Assume.that(last > Long.MIN_VALUE);
        long t = older < last ? older : last - 1;

        ChunkAppender a = XorChunk.newAppender();
        s.appendTo(a, 0, s.size());
        byte[] before = a.bytes();

        assertThatThrownBy(() -> a.append(t, v)).isInstanceOf(IllegalArgumentException.class);
        assertThat(a.bytes()).isEqualTo(before);
        assertThat(a.numSamples()).isEqualTo(s.size());
        assertThat(a.maxTime()).isEqualTo(last);

        a.append(last, v); // an equal timestamp is fine
        ChunkIterator it = XorChunk.iterator(a.bytes());
        assertThat(it.seek(last)).isTrue();
        while (it.next()) {
            // to the end
        }
        assertThat(it.timestamp()).isEqualTo(last);
        assertThat(it.valueBits()).isEqualTo(Double.doubleToRawLongBits(v));
    }

    static void assertDecodesTo(ChunkIterator it, Series s) {
        for (int i = 0; i < s.size(); i++) {
            assertThat(it.next()).as("sample %d present", i).isTrue();
            assertThat(it.timestamp()).as("timestamp %d", i).isEqualTo(s.timestamps()[i]);
            assertThat(it.valueBits()).as("value bits %d", i).isEqualTo(s.valueBits()[i]);
            assertThat(Double.doubleToRawLongBits(it.value())).as("value %d", i)
                    .isEqualTo(s.valueBits()[i]);
        }
        assertThat(it.next()).isFalse();
        assertThat(it.next()).as("stays exhausted").isFalse();
    }
}
