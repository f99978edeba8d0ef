package io.pharos.model.chunk;

/**
 * The {@link ChunkEncoding#XOR} chunk: Gorilla-style compression of (timestamp, double) samples.
 *
 * <h2>Layout</h2>
 *
 * <pre>
 * bytes 0-1   number of samples, unsigned big-endian (at most 65535)
 * then a bit stream, most significant bit first, zero-padded to a whole byte:
 *   sample 0    timestamp as zigzag varint, value as its 64 raw bits
 *   sample 1    timestamp minus sample 0's as unsigned varint, value as an XOR code
 *   sample n    timestamp as a delta-of-delta code, value as an XOR code
 *
 * delta-of-delta code: dod = (t[n] - t[n-1]) - (t[n-1] - t[n-2]), in two's complement
 *   0                        dod = 0
 *   10     then  7 bits      -64 .. 63
 *   110    then 10 bits      -512 .. 511
 *   1110   then 14 bits      -8192 .. 8191
 *   11110  then 20 bits      -524288 .. 524287
 *   11111  then 64 bits      any
 *
 * XOR code: x = bits(value) ^ bits(previous value)
 *   0                        x = 0, the value repeats
 *   10  then the window's bits of x          x's set bits lie inside the current window
 *   11  then 5 bits leading zeros (at most 31), 6 bits window length (64 written as 0),
 *       then the window's bits of x; this window becomes the current one
 * </pre>
 *
 * <p>The delta-of-delta buckets are sized for millisecond scrape timestamps: a perfectly regular
 * series costs one bit per timestamp, a few milliseconds of jitter nine bits, the ±200 ms that
 * ±50 ms of scrape jitter produces in the second difference thirteen, and a missed scrape at a
 * one-minute interval fits the 20-bit bucket. Arithmetic on timestamps wraps, so any
 * non-decreasing sequence of longs round-trips.
 *
 * <p>Values round-trip bit for bit: every NaN payload (the staleness marker
 * {@code 0x7ff0000000000002} among them), -0.0, infinities and subnormals.
 */
public final class XorChunk {

    /** Most samples one chunk holds; the header counts them in two bytes. */
    public static final int MAX_SAMPLES = 0xffff;

    static final int HEADER_BYTES = 2;
    static final int HEADER_BITS = HEADER_BYTES * 8;

    /** A longer window is kept only while it wastes fewer bits than a new window's header. */
    private static final int NEW_WINDOW_HEADER_BITS = 5 + 6;
    private static final int NO_WINDOW = -1;

    private XorChunk() {
    }

    /** An appender for a new, empty chunk. */
    public static ChunkAppender newAppender() {
        return new XorAppender(new BitWriter(128));
    }

    /**
     * An appender that continues {@code encoded}, a chunk as returned by
     * {@link ChunkAppender#bytes()}. The array is not modified. Appending to the result then
     * produces exactly the bytes a single appender fed all samples would have produced.
     *
     * @throws IllegalArgumentException if {@code encoded} is not a complete XOR chunk
     */
    public static ChunkAppender appender(byte[] encoded) {
        return appender(encoded, 0, encoded.length);
    }

    /** As {@link #appender(byte[])}, for the chunk in {@code data[offset .. offset + length)}. */
    public static ChunkAppender appender(byte[] data, int offset, int length) {
        XorIterator it = new XorIterator(data, offset, length);
        try {
            while (it.next()) {
                // decode to the end to recover the encoder's state
            }
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("cannot reopen corrupt chunk: " + e.getMessage(), e);
        }
        int bitLength = it.in.bitPosition();
        int usedBytes = (bitLength + 7) >>> 3;
        if (usedBytes != length) {
            throw new IllegalArgumentException(
                    "chunk has " + (length - usedBytes) + " bytes after its last sample");
        }
        XorAppender a = new XorAppender(
                new BitWriter(data, offset, bitLength, Math.max(64, length / 2)));
        a.count = it.read;
        if (it.read > 0) {
            a.firstT = it.firstT;
            a.lastT = it.t;
            a.lastDelta = it.delta;
            a.values.restore(it.values);
        }
        return a;
    }

    /** An iterator over the chunk in {@code data[offset .. offset + length)}; no copy is made. */
    public static ChunkIterator iterator(byte[] data, int offset, int length) {
        return new XorIterator(data, offset, length);
    }

    /** An iterator over a whole array holding one chunk. */
    public static ChunkIterator iterator(byte[] data) {
        return new XorIterator(data, 0, data.length);
    }

    /** The sample count from a chunk's header. */
    public static int numSamples(byte[] data, int offset, int length) {
        if (length < HEADER_BYTES) {
            throw new IllegalArgumentException("chunk of " + length + " bytes has no header");
        }
        return ((data[offset] & 0xff) << 8) | (data[offset + 1] & 0xff);
    }

    private static boolean fitsSigned(long v, int bits) {
        long half = 1L << (bits - 1);
        return v >= -half && v < half;
    }

    private static long signExtend(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }

    /** Writes one delta-of-delta code (layout in the class comment). */
    static void writeDeltaOfDelta(BitWriter out, long dod) {
        if (dod == 0) {
            out.writeBit(false);
        } else if (fitsSigned(dod, 7)) {
            out.writeBits((0b10L << 7) | (dod & 0x7fL), 2 + 7);
        } else if (fitsSigned(dod, 10)) {
            out.writeBits((0b110L << 10) | (dod & 0x3ffL), 3 + 10);
        } else if (fitsSigned(dod, 14)) {
            out.writeBits((0b1110L << 14) | (dod & 0x3fffL), 4 + 14);
        } else if (fitsSigned(dod, 20)) {
            out.writeBits((0b11110L << 20) | (dod & 0xfffffL), 5 + 20);
        } else {
            out.writeBits(0b11111L, 5);
            out.writeBits(dod, 64);
        }
    }

    static long readDeltaOfDelta(BitReader r) {
        if (!r.readBit()) {
            return 0;
        }
        if (!r.readBit()) {
            return signExtend(r.readBits(7), 7);
        }
        if (!r.readBit()) {
            return signExtend(r.readBits(10), 10);
        }
        if (!r.readBit()) {
            return signExtend(r.readBits(14), 14);
        }
        if (!r.readBit()) {
            return signExtend(r.readBits(20), 20);
        }
        return r.readBits(64);
    }

    /**
     * The XOR value codes of a stream, with the state both sides keep: the previous value's bits
     * and the current window. One instance writes or reads one stream.
     */
    static final class XorValues {
        long lastBits;
        int leading = NO_WINDOW;
        int trailing;

        void restore(XorValues other) {
            lastBits = other.lastBits;
            leading = other.leading;
            trailing = other.trailing;
        }

        void writeFirst(BitWriter out, long bits) {
            out.writeBits(bits, 64);
            lastBits = bits;
        }

        void write(BitWriter out, long bits) {
            long x = bits ^ lastBits;
            lastBits = bits;
            if (x == 0) {
                out.writeBit(false);
                return;
            }
            int lz = Math.min(Long.numberOfLeadingZeros(x), 31);
            int tz = Long.numberOfTrailingZeros(x);
            int len = 64 - lz - tz;
            if (leading != NO_WINDOW && lz >= leading && tz >= trailing) {
                int windowLen = 64 - leading - trailing;
                if (windowLen - len <= NEW_WINDOW_HEADER_BITS) {
                    out.writeBits(0b10, 2);
                    out.writeBits(x >>> trailing, windowLen);
                    return;
                }
            }
            out.writeBits((0b11L << 11) | ((long) lz << 6) | (len & 0x3f), 2 + 5 + 6);
            out.writeBits(x >>> tz, len);
            leading = lz;
            trailing = tz;
        }

        long readFirst(BitReader r) {
            lastBits = r.readBits(64);
            return lastBits;
        }

        long read(BitReader r) {
            if (!r.readBit()) {
                return lastBits;
            }
            if (!r.readBit()) {
                if (leading == NO_WINDOW) {
                    throw new IllegalStateException("corrupt chunk: window reused before one was set");
                }
                lastBits ^= r.readBits(64 - leading - trailing) << trailing;
                return lastBits;
            }
            int lz = (int) r.readBits(5);
            int len = (int) r.readBits(6);
            if (len == 0) {
                len = 64;
            }
            int tz = 64 - lz - len;
            if (tz < 0) {
                throw new IllegalStateException(
                        "corrupt chunk: window of " + len + " bits after " + lz + " leading zeros");
            }
            leading = lz;
            trailing = tz;
            lastBits ^= r.readBits(len) << tz;
            return lastBits;
        }
    }

    private static final class XorAppender implements ChunkAppender {

        private final BitWriter out;
        int count;
        long firstT = Long.MAX_VALUE;
        long lastT = Long.MIN_VALUE;
        long lastDelta;
        final XorValues values = new XorValues();

        XorAppender(BitWriter out) {
            this.out = out;
            if (out.bitLength() == 0) {
                out.writeBits(0, HEADER_BITS);
            }
        }

        @Override
        public ChunkEncoding encoding() {
            return ChunkEncoding.XOR;
        }

        @Override
        public void append(long t, double v) {
            long bits = Double.doubleToRawLongBits(v);
            int n = count;
            if (n >= MAX_SAMPLES) {
                throw new IllegalStateException("chunk full: " + MAX_SAMPLES + " samples");
            }
            if (n > 0 && t < lastT) {
                throw new IllegalArgumentException(
                        "out-of-order sample: timestamp " + t + " before " + lastT);
            }
            if (n == 0) {
                out.writeVarint(t);
                values.writeFirst(out, bits);
                firstT = t;
            } else if (n == 1) {
                long delta = t - lastT;
                out.writeUvarint(delta);
                values.write(out, bits);
                lastDelta = delta;
            } else {
                long delta = t - lastT;
                writeDeltaOfDelta(out, delta - lastDelta);
                values.write(out, bits);
                lastDelta = delta;
            }
            lastT = t;
            count = n + 1;
            out.putUint16(0, n + 1);
        }

        @Override
        public int numSamples() {
            return count;
        }

        @Override
        public int maxSamples() {
            return MAX_SAMPLES;
        }

        @Override
        public long minTime() {
            return firstT;
        }

        @Override
        public long maxTime() {
            return lastT;
        }

        @Override
        public int encodedSize() {
            return out.byteLength();
        }

        @Override
        public byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static final class XorIterator implements ChunkIterator {

        final BitReader in;
        final int total;
        int read;
        boolean exhausted;
        long firstT;
        long t;
        long delta;
        long bits;
        final XorValues values = new XorValues();

        XorIterator(byte[] data, int offset, int length) {
            this.in = new BitReader(data, offset, length);
            this.total = numSamples(data, offset, length);
            in.seekBit(HEADER_BITS);
        }

        @Override
        public boolean next() {
            if (read >= total) {
                exhausted = true;
                return false;
            }
            if (read == 0) {
                t = in.readVarint();
                bits = values.readFirst(in);
                firstT = t;
            } else if (read == 1) {
                delta = in.readUvarint();
                t += delta;
                bits = values.read(in);
            } else {
                delta += readDeltaOfDelta(in);
                t += delta;
                bits = values.read(in);
            }
            read++;
            return true;
        }

        @Override
        public boolean seek(long target) {
            if (exhausted) {
                return false;
            }
            if (read > 0 && t >= target) {
                return true;
            }
            while (next()) {
                if (t >= target) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public long timestamp() {
            return t;
        }

        @Override
        public double value() {
            return Double.longBitsToDouble(bits);
        }

        @Override
        public long valueBits() {
            return bits;
        }
    }
}
