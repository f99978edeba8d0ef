package io.pharos.model.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BitStreamTest {

    /** One write: the low {@code width} bits of {@code value}, or a varint when width is negative. */
    record Field(long value, int width) {
        long expected() {
            return width >= 0 && width < 64 ? value & ((1L << width) - 1) : value;
        }
    }

    @Provide
    Arbitrary<List<Field>> fields() {
        Arbitrary<Field> fixed = Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 64))
                .as(Field::new);
        Arbitrary<Field> varint = Arbitraries.longs().map(v -> new Field(v, -1));
        Arbitrary<Field> uvarint = Arbitraries.longs().map(v -> new Field(v, -2));
        return Arbitraries.oneOf(fixed, fixed, varint, uvarint).list().ofMaxSize(60);
    }

    @Property(tries = 500)
    void whatIsWrittenReadsBackInOrder(@ForAll("fields") List<Field> fields,
                                       @ForAll @IntRange(max = 20) int offset) {
        BitWriter w = new BitWriter(0);
        for (Field f : fields) {
            write(w, f);
        }
        byte[] bytes = w.toByteArray();
        assertThat(bytes).hasSize(w.byteLength());
        assertThat(w.byteLength()).isEqualTo((w.bitLength() + 7) / 8);

        byte[] framed = new byte[offset + bytes.length + 3];
        java.util.Arrays.fill(framed, (byte) 0xa5);
        System.arraycopy(bytes, 0, framed, offset, bytes.length);
        BitReader r = new BitReader(framed, offset, bytes.length);
        for (Field f : fields) {
            assertThat(read(r, f)).isEqualTo(f.expected());
        }
        assertThat(r.bitPosition()).isEqualTo(w.bitLength());
        assertThat(r.remainingBits()).isLessThan(8);
    }

    @Property(tries = 300)
    void aContinuedWriterEqualsOneThatNeverStopped(@ForAll("fields") List<Field> fields,
                                                   @ForAll @IntRange(max = 60) int split) {
        BitWriter whole = new BitWriter(16);
        fields.forEach(f -> write(whole, f));

        BitWriter first = new BitWriter(16);
        int cut = Math.min(split, fields.size());
        fields.subList(0, cut).forEach(f -> write(first, f));
        byte[] prefix = first.toByteArray();
        // garbage in the padding bits must not leak into the continued stream
        if ((first.bitLength() & 7) != 0) {
            prefix[prefix.length - 1] |= (byte) (0xff >>> (first.bitLength() & 7));
        }
        BitWriter continued = new BitWriter(prefix, 0, first.bitLength(), 0);
        fields.subList(cut, fields.size()).forEach(f -> write(continued, f));

        assertThat(continued.toByteArray()).isEqualTo(whole.toByteArray());
    }

    @Property
    void zigzagIsABijectionThatKeepsSmallMagnitudesSmall(@ForAll long v) {
        assertThat(BitWriter.unzigzag(BitWriter.zigzag(v))).isEqualTo(v);
        if (v > -64 && v < 64) {
            assertThat(BitWriter.zigzag(v)).isBetween(0L, 127L);
        }
    }

    @Test
    void varintsTakeOneByteUpToSevenBitsAndTenAtMost() {
        BitWriter w = new BitWriter(0);
        w.writeUvarint(127);
        assertThat(w.byteLength()).isEqualTo(1);
        w.writeUvarint(-1L);
        assertThat(w.byteLength()).isEqualTo(11);
        w.writeVarint(-64);
        assertThat(w.byteLength()).isEqualTo(12);
    }

    @Test
    void readingPastTheEndFailsInsteadOfReturningZeros() {
        BitReader r = new BitReader(new byte[] {(byte) 0xff}, 0, 1);
        assertThat(r.readBits(7)).isEqualTo(0x7f);
        assertThat(r.readBit()).isTrue();
        assertThatThrownBy(r::readBit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new BitReader(new byte[] {(byte) 0x80}, 0, 1).readUvarint())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSliceOutsideTheArrayIsRejected() {
        assertThatThrownBy(() -> new BitReader(new byte[4], 3, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new BitWriter(new byte[1], 0, 9, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void write(BitWriter w, Field f) {
        switch (f.width()) {
            case -1 -> w.writeVarint(f.value());
            case -2 -> w.writeUvarint(f.value());
            default -> w.writeBits(f.value(), f.width());
        }
    }

    private static long read(BitReader r, Field f) {
        return switch (f.width()) {
            case -1 -> r.readVarint();
            case -2 -> r.readUvarint();
            default -> r.readBits(f.width());
        };
    }
}
