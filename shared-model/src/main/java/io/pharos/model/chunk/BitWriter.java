package io.pharos.model.chunk;

import java.util.Arrays;

/**
 * Appends bits, most significant first, to a growable byte array.
 *
 * <p>Bits not yet written are always zero, so the last byte of {@link #toByteArray()} is
 * padded with zero bits. A writer can continue an existing stream ({@link #BitWriter(byte[],
 * int, int, int)}), which is how a reopened chunk keeps appending where it stopped.
 *
 * <p>Not thread-safe. Allocation happens only when the buffer grows.
 */
public final class BitWriter {

    private static final int MAX_BITS = Integer.MAX_VALUE - 7;

    private byte[] buf;
    private int bitPos;

    /** An empty writer with room for {@code initialBytes} before it first grows. */
    public BitWriter(int initialBytes) {
        if (initialBytes < 0) {
            throw new IllegalArgumentException("initialBytes < 0: " + initialBytes);
        }
        this.buf = new byte[Math.max(initialBytes, 8)];
    }

    /**
     * A writer that continues the stream of {@code bitLength} bits starting at
     * {@code bytes[offset]}, copying it (the caller's array is not modified) and reserving
     * {@code extraBytes} more. Bits of the last byte beyond {@code bitLength} are cleared.
     */
    public BitWriter(byte[] bytes, int offset, int bitLength, int extraBytes) {
        int used = (bitLength + 7) >>> 3;
        if (bitLength < 0 || offset < 0 || offset > bytes.length - used) {
            throw new IllegalArgumentException("stream of " + bitLength + " bits at " + offset
                    + " outside array of " + bytes.length);
        }
        this.buf = new byte[Math.max(used + Math.max(extraBytes, 0), 8)];
        System.arraycopy(bytes, offset, buf, 0, used);
        int spare = bitLength & 7;
        if (spare != 0) {
            buf[used - 1] &= (byte) (0xff00 >>> spare);
        }
        this.bitPos = bitLength;
    }

    /** Number of bits written so far. */
    public int bitLength() {
        return bitPos;
    }

    /** Number of bytes the stream occupies, the last one possibly padded. */
    public int byteLength() {
        return (bitPos + 7) >>> 3;
    }

    /** Writes one bit. */
    public void writeBit(boolean bit) {
        ensureBits(1);
        if (bit) {
            buf[bitPos >>> 3] |= (byte) (0x80 >>> (bitPos & 7));
        }
        bitPos++;
    }

    /**
     * Writes the low {@code n} bits of {@code value}, most significant first; {@code n} is 0..64.
     * Higher bits of {@code value} are ignored.
     */
    public void writeBits(long value, int n) {
        if (n <= 0) {
            if (n == 0) {
                return;
            }
            throw new IllegalArgumentException("negative bit count: " + n);
        }
        if (n > 64) {
            throw new IllegalArgumentException("more than 64 bits: " + n);
        }
        ensureBits(n);
        long v = value << (64 - n); // the n bits to write, left-aligned
        int remaining = n;
        int pos = bitPos;
        byte[] b = buf;
        while (remaining > 0) {
            int free = 8 - (pos & 7);
            int take = Math.min(free, remaining);
            int chunk = (int) (v >>> (64 - take));
            b[pos >>> 3] |= (byte) (chunk << (free - take));
            v <<= take;
            pos += take;
            remaining -= take;
        }
        bitPos = pos;
    }

    /** Writes an unsigned LEB128 varint: 7 bits per byte, low groups first, at most 10 bytes. */
    public void writeUvarint(long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            writeBits((v & 0x7f) | 0x80, 8);
            v >>>= 7;
        }
        writeBits(v, 8);
    }

    /** Writes a signed varint: zigzag-mapped so small magnitudes take few bytes. */
    public void writeVarint(long value) {
        writeUvarint(zigzag(value));
    }

    /** Overwrites the two bytes at {@code byteOffset} with {@code value} big-endian. */
    public void putUint16(int byteOffset, int value) {
        if (byteOffset < 0 || byteOffset + 2 > byteLength()) {
            throw new IndexOutOfBoundsException("uint16 at " + byteOffset + " outside written bytes");
        }
        buf[byteOffset] = (byte) (value >>> 8);
        buf[byteOffset + 1] = (byte) value;
    }

    /** A copy of the written bytes, exactly {@link #byteLength()} long. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, byteLength());
    }

    /** Maps signed to unsigned so that 0, -1, 1, -2, ... become 0, 1, 2, 3, .... */
    public static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** Inverse of {@link #zigzag(long)}. */
    public static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private void ensureBits(int n) {
        if (bitPos > MAX_BITS - n) {
            throw new IllegalStateException("bit stream exceeds " + MAX_BITS + " bits");
        }
        int needBytes = (bitPos + n + 7) >>> 3;
        if (needBytes > buf.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(needBytes, buf.length * 2L));
            buf = Arrays.copyOf(buf, grown);
        }
    }
}
