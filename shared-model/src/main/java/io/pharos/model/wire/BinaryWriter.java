package io.pharos.model.wire;

import io.pharos.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the primitives of Pharos's binary formats (varints, zigzag, raw float bits,
 * length-prefixed strings and label sets) to a growable buffer. One writer may be reused.
 */
public final class BinaryWriter {
    private byte[] buf;
    private int size;

    public BinaryWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The internal buffer; valid up to {@link #size()} until the next write. */
    public byte[] buffer() {
        return buf;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    public void varint(int v) {
        varlong(v & 0xFFFFFFFFL);
    }

    public void varlong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    public void zigzag(long v) {
        varlong((v << 1) ^ (v >> 63));
    }

    /** An instant to the nanosecond: epoch seconds (zigzag), then nanoseconds (varint). */
    public void instant(java.time.Instant t) {
        zigzag(t.getEpochSecond());
        varint(t.getNano());
    }

    /** Eight bytes, big-endian. */
    public void fixed64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    /** A double's raw bits, so NaN payloads such as the staleness marker survive. */
    public void float64(double v) {
        fixed64(Double.doubleToRawLongBits(v));
    }

    public void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        writeBytes(b, 0, b.length);
    }

    public void bytes(byte[] b) {
        varint(b.length);
        writeBytes(b, 0, b.length);
    }

    /** A label set: count, then name and value strings in sorted order. */
    public void labels(Labels labels) {
        varint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            string(labels.name(i));
            string(labels.value(i));
        }
    }
}
