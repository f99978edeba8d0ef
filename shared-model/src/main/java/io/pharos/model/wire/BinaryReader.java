package io.pharos.model.wire;

import io.pharos.model.labels.Labels;
import java.nio.charset.StandardCharsets;

/** Reads what {@link BinaryWriter} writes; truncated or malformed input throws {@link CorruptDataException}. */
public final class BinaryReader {
    private final byte[] data;
    private int pos;
    private final int end;

    public BinaryReader(byte[] data) {
        this(data, 0, data.length);
    }

    public BinaryReader(byte[] data, int offset, int length) {
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public byte readByte() {
        need(1);
        return data[pos++];
    }

    public int varint() {
        long v = varlong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptDataException("count out of range: " + v);
        }
        return (int) v;
    }

    public long varlong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptDataException("varint longer than 10 bytes at offset " + pos);
    }

    public long zigzag() {
        long v = varlong();
        return (v >>> 1) ^ -(v & 1);
    }

    /** An instant written by {@link BinaryWriter#instant}: seconds, then nanoseconds. */
    public java.time.Instant instant() {
        long seconds = zigzag();
        return java.time.Instant.ofEpochSecond(seconds, varint());
    }

    public long fixed64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (data[pos++] & 0xFF);
        }
        return v;
    }

    public double float64() {
        return Double.longBitsToDouble(fixed64());
    }

    public String string() {
        int len = varint();
        need(len);
        String s = new String(data, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    public byte[] bytes() {
        int len = varint();
        need(len);
        byte[] b = new byte[len];
        System.arraycopy(data, pos, b, 0, len);
        pos += len;
        return b;
    }

    public Labels labels(Labels.Builder scratch) {
        scratch.reset();
        int n = varint();
        for (int i = 0; i < n; i++) {
            scratch.set(string(), string());
        }
        return scratch.build();
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new CorruptDataException("truncated at offset " + pos + " (needs " + n + " more bytes)");
        }
    }

    /** Input that is truncated or otherwise not in the expected format. */
    public static final class CorruptDataException extends RuntimeException {
        public CorruptDataException(String message) {
            super(message);
        }
    }
}
