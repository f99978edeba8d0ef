package io.pharos.model.chunk;

import java.util.Arrays;

/**
 * The {@link ChunkEncoding#DECIMAL} chunk: a dense, read-only encoding for sealed chunks, with
 * timestamps and values in separate columns. Most metrics are decimals or integers stored as
 * doubles (byte counts, CPU seconds to the hundredth); scaled back to integers they compress
 * far better with delta coding than with XOR, as VictoriaMetrics showed. The timestamp column
 * comes first and is byte-aligned, so the chunks of series scraped together (same timestamps,
 * same cut points) share identical bytes that the zstd compression of the chunk store folds.
 *
 * <h2>Layout</h2>
 *
 * <pre>
 * uvarint  number of samples
 * uvarint  byte length of the timestamp column
 * timestamp column (bit stream, zero-padded to a byte): t0 as zigzag varint, t1 - t0 as
 *          uvarint, then delta-of-delta codes as in {@link XorChunk}
 * byte     value mode: 0 = scaled integers, delta-of-delta; 1 = scaled integers, delta;
 *          2 = raw doubles, XOR codes as in {@link XorChunk}
 * byte     scale k (modes 0 and 1): value = integer / 10^k
 * uvarint  step m (modes 0 and 1): every difference of the integers is a multiple of m (4096
 *          for page-sized gauges), and the codes hold differences divided by m
 * value column (bit stream): modes 0/1: first integer as zigzag varint, then codes
 *   0                     0
 *   10    then  4 bits    -8 .. 7
 *   110   then  8 bits    -128 .. 127
 *   1110  then 16 bits    -32768 .. 32767
 *   11110 then 32 bits    any int
 *   11111 then 64 bits    any long
 * mode 2: the first value's 64 bits, then XOR codes
 * </pre>
 *
 * Values round-trip bit for bit: a value is taken as scaled integer only when converting back
 * gives exactly its bits; NaNs (the staleness marker among them), infinities and -0.0 make the
 * chunk use mode 2.
 */
public final class DecimalChunk {
    static final int MAX_SCALE = 9;
    private static final double[] POW10 = new double[MAX_SCALE + 1];
    private static final long MAX_EXACT = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private DecimalChunk() {
    }

    /** Encodes samples (timestamps non-decreasing) into the densest of the value modes. */
    public static byte[] encode(long[] ts, double[] vs, int n) {
        BitWriter tsColumn = new BitWriter(16 + n * 2);
        writeTimestamps(tsColumn, ts, n);
        byte[] tsBytes = tsColumn.toByteArray();
        byte[] values = null;
        byte mode = 2;
        long step = 1;
        int scale = scaleOf(vs, n);
        if (scale >= 0) {
            long[] ints = new long[n];
            for (int i = 0; i < n; i++) {
                ints[i] = Math.round(vs[i] * POW10[scale]);
            }
            step = commonStep(ints, n);
            byte[] dod = intColumn(ints, n, step, true);
            byte[] delta = intColumn(ints, n, step, false);
            mode = dod.length <= delta.length ? (byte) 0 : (byte) 1;
            values = mode == 0 ? dod : delta;
        }
        if (values == null) {
            values = xorColumn(vs, n);
            scale = 0;
        }
        BitWriter head = new BitWriter(16);
        head.writeUvarint(n);
        head.writeUvarint(tsBytes.length);
        BitWriter mid = new BitWriter(16);
        mid.writeBits(mode, 8);
        mid.writeBits(scale, 8);
        if (mode != 2) {
            mid.writeUvarint(step);
        }
        byte[] h = head.toByteArray();
        byte[] m = mid.toByteArray();
        byte[] result = new byte[h.length + tsBytes.length + m.length + values.length];
        System.arraycopy(h, 0, result, 0, h.length);
        System.arraycopy(tsBytes, 0, result, h.length, tsBytes.length);
        System.arraycopy(m, 0, result, h.length + tsBytes.length, m.length);
        System.arraycopy(values, 0, result, h.length + tsBytes.length + m.length, values.length);
        return result;
    }

    /** The smallest k such that every value is exactly an integer over 10^k, or -1. */
    static int scaleOf(double[] vs, int n) {
        int scale = 0;
        for (int i = 0; i < n; i++) {
            double v = vs[i];
            if (Double.isNaN(v) || Double.isInfinite(v) || Double.doubleToRawLongBits(v) == Long.MIN_VALUE) {
                return -1;
            }
            while (!exactAt(v, scale)) {
                if (++scale > MAX_SCALE) {
                    return -1;
                }
            }
        }
        return scale;
    }

    private static boolean exactAt(double v, int scale) {
        double scaled = v * POW10[scale];
        if (Math.abs(scaled) >= MAX_EXACT) {
            return false;
        }
        long i = Math.round(scaled);
        return Double.doubleToRawLongBits(i / POW10[scale]) == Double.doubleToRawLongBits(v);
    }

    private static void writeTimestamps(BitWriter out, long[] ts, int n) {
        if (n == 0) {
            return;
        }
        out.writeVarint(ts[0]);
        if (n == 1) {
            return;
        }
        long prevDelta = ts[1] - ts[0];
        out.writeUvarint(prevDelta);
        for (int i = 2; i < n; i++) {
            long delta = ts[i] - ts[i - 1];
            XorChunk.writeDeltaOfDelta(out, delta - prevDelta);
            prevDelta = delta;
        }
    }

    /** The greatest common divisor of the differences (1 when there are none, or on overflow). */
    static long commonStep(long[] ints, int n) {
        long g = 0;
        for (int i = 1; i < n; i++) {
            long d = ints[i] - ints[i - 1];
            if (d == Long.MIN_VALUE) {
                return 1;
            }
            g = gcd(g, Math.abs(d));
            if (g == 1) {
                return 1;
            }
        }
        return g == 0 ? 1 : g;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static byte[] intColumn(long[] ints, int n, long step, boolean deltaOfDelta) {
        BitWriter out = new BitWriter(16 + n);
        if (n == 0) {
            return out.toByteArray();
        }
        out.writeVarint(ints[0]);
        long prevDelta = 0;
        for (int i = 1; i < n; i++) {
            long delta = (ints[i] - ints[i - 1]) / step;
            writeIntCode(out, deltaOfDelta ? delta - prevDelta : delta);
            prevDelta = delta;
        }
        return out.toByteArray();
    }

    private static void writeIntCode(BitWriter out, long v) {
        if (v == 0) {
            out.writeBit(false);
        } else if (v >= -8 && v <= 7) {
            out.writeBits((0b10L << 4) | (v & 0xfL), 2 + 4);
        } else if (v >= -128 && v <= 127) {
            out.writeBits((0b110L << 8) | (v & 0xffL), 3 + 8);
        } else if (v >= -32768 && v <= 32767) {
            out.writeBits((0b1110L << 16) | (v & 0xffffL), 4 + 16);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.writeBits(0b11110L, 5);
            out.writeBits(v & 0xffffffffL, 32);
        } else {
            out.writeBits(0b11111L, 5);
            out.writeBits(v, 64);
        }
    }

    private static long readIntCode(BitReader in) {
        if (!in.readBit()) {
            return 0;
        }
        if (!in.readBit()) {
            return (in.readBits(4) << 60) >> 60;
        }
        if (!in.readBit()) {
            return (byte) in.readBits(8);
        }
        if (!in.readBit()) {
            return (short) in.readBits(16);
        }
        if (!in.readBit()) {
            return (int) in.readBits(32);
        }
        return in.readBits(64);
    }

    private static byte[] xorColumn(double[] vs, int n) {
        BitWriter out = new BitWriter(16 + n * 4);
        XorChunk.XorValues values = new XorChunk.XorValues();
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(vs[i]);
            if (i == 0) {
                values.writeFirst(out, bits);
            } else {
                values.write(out, bits);
            }
        }
        return out.toByteArray();
    }

    public static int numSamples(byte[] data, int offset, int length) {
        return (int) new BitReader(data, offset, length).readUvarint();
    }

    public static ChunkIterator iterator(byte[] data, int offset, int length) {
        BitReader header = new BitReader(data, offset, length);
        int n = (int) header.readUvarint();
        int tsLen = (int) header.readUvarint();
        int tsStart = offset + header.bitPosition() / 8;
        long[] ts = new long[n];
        BitReader tr = new BitReader(data, tsStart, tsLen);
        if (n > 0) {
            ts[0] = tr.readVarint();
        }
        if (n > 1) {
            long delta = tr.readUvarint();
            ts[1] = ts[0] + delta;
            for (int i = 2; i < n; i++) {
                delta += XorChunk.readDeltaOfDelta(tr);
                ts[i] = ts[i - 1] + delta;
            }
        }
        int modeAt = tsStart + tsLen;
        BitReader mid = new BitReader(data, modeAt, offset + length - modeAt);
        byte mode = (byte) mid.readBits(8);
        int scale = (int) mid.readBits(8);
        long step = mode == 2 ? 1 : mid.readUvarint();
        int valuesAt = modeAt + mid.bitPosition() / 8;
        BitReader vr = new BitReader(data, valuesAt, offset + length - valuesAt);
        long[] bits = new long[n];
        if (mode == 2) {
            XorChunk.XorValues values = new XorChunk.XorValues();
            for (int i = 0; i < n; i++) {
                bits[i] = i == 0 ? values.readFirst(vr) : values.read(vr);
            }
        } else {
            if (scale < 0 || scale > MAX_SCALE || (mode != 0 && mode != 1)) {
                throw new IllegalStateException("corrupt decimal chunk: mode " + mode + ", scale " + scale);
            }
            long prev = 0;
            long prevDelta = 0;
            for (int i = 0; i < n; i++) {
                long v;
                if (i == 0) {
                    v = vr.readVarint();
                } else {
                    long code = readIntCode(vr);
                    long delta = mode == 0 ? prevDelta + code : code;
                    v = prev + delta * step;
                    prevDelta = delta;
                }
                prev = v;
                bits[i] = Double.doubleToRawLongBits(v / POW10[scale]);
            }
        }
        return new ArrayIterator(ts, bits);
    }

    /** Iterates decoded columns. */
    private static final class ArrayIterator implements ChunkIterator {
        private final long[] ts;
        private final long[] bits;
        private int i = -1;

        ArrayIterator(long[] ts, long[] bits) {
            this.ts = ts;
            this.bits = bits;
        }

        @Override
        public boolean next() {
            if (i + 1 >= ts.length) {
                i = ts.length;
                return false;
            }
            i++;
            return true;
        }

        @Override
        public boolean seek(long t) {
            if (i >= 0 && i < ts.length && ts[i] >= t) {
                return true;
            }
            int from = Math.max(i, 0);
            int pos = Arrays.binarySearch(ts, from, ts.length, t);
            if (pos < 0) {
                pos = -pos - 1;
            } else {
                while (pos > from && ts[pos - 1] == t) {
                    pos--;
                }
            }
            i = pos;
            return i < ts.length;
        }

        @Override
        public long timestamp() {
            return ts[i];
        }

        @Override
        public double value() {
            return Double.longBitsToDouble(bits[i]);
        }

        @Override
        public long valueBits() {
            return bits[i];
        }
    }
}
