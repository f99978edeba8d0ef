package io.pharos.model.chunk;

/**
 * Reads bits, most significant first, from a slice of a byte array written by {@link BitWriter}.
 *
 * <p>Reading past the end of the slice throws {@link IllegalStateException}: a truncated or
 * corrupt stream fails loudly instead of producing invented values. Not thread-safe; no
 * allocation after construction.
 */
public final class BitReader {

    private byte[] data;
    private int start;
    private int endBit;
    private int pos;

    /** A reader over {@code data[offset .. offset + length)}. */
    public BitReader(byte[] data, int offset, int length) {
        reset(data, offset, length);
    }

    /** Points this reader at another slice, from its first bit. */
    public void reset(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException(
                    "slice " + offset + "+" + length + " outside array of " + data.length);
        }
        if (length > (Integer.MAX_VALUE >>> 3)) {
            throw new IllegalArgumentException("slice too long for a bit stream: " + length);
        }
        this.data = data;
        this.start = offset;
        this.endBit = length << 3;
        this.pos = 0;
    }

    /** Bits consumed so far, counted from the start of the slice. */
    public int bitPosition() {
        return pos;
    }

    /** Bits left before the end of the slice. */
    public int remainingBits() {
        return endBit - pos;
    }

    /** Moves to an absolute bit position within the slice. */
    public void seekBit(int bitPosition) {
        if (bitPosition < 0 || bitPosition > endBit) {
            throw new IndexOutOfBoundsException("bit " + bitPosition + " outside 0.." + endBit);
        }
        this.pos = bitPosition;
    }

    /** Reads one bit. */
    public boolean readBit() {
        if (pos >= endBit) {
            throw truncated(1);
        }
        int b = data[start + (pos >>> 3)] & (0x80 >>> (pos & 7));
        pos++;
        return b != 0;
    }

    /** Reads {@code n} bits (0..64) as the low bits of the result, the rest zero. */
    public long readBits(int n) {
        if (n < 0 || n > 64) {
            throw new IllegalArgumentException("bit count outside 0..64: " + n);
        }
        if (n > endBit - pos) {
            throw truncated(n);
        }
        long result = 0;
        int remaining = n;
        int p = pos;
        byte[] d = data;
        int s = start;
        while (remaining > 0) {
            int avail = 8 - (p & 7);
            int take = Math.min(avail, remaining);
            int bits = ((d[s + (p >>> 3)] & 0xff) >>> (avail - take)) & ((1 << take) - 1);
            result = (result << take) | bits;
            p += take;
            remaining -= take;
        }
        pos = p;
        return result;
    }

    /** Reads a varint written by {@link BitWriter#writeUvarint(long)}. */
    public long readUvarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            long b = readBits(8);
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && b > 1) {
                    throw new IllegalStateException("varint overflows 64 bits");
                }
                return result;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes");
    }

    /** Reads a varint written by {@link BitWriter#writeVarint(long)}. */
    public long readVarint() {
        return BitWriter.unzigzag(readUvarint());
    }

    private IllegalStateException truncated(int wanted) {
        return new IllegalStateException(
                "bit stream truncated: wanted " + wanted + " bits at " + pos + " of " + endBit);
    }
}
