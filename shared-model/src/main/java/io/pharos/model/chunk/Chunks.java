package io.pharos.model.chunk;

/**
 * Entry points that dispatch on a chunk's encoding, so callers that store or ship chunks do not
 * name a concrete codec. A new encoding is added here and in {@link ChunkEncoding}, nowhere else.
 */
public final class Chunks {

    private Chunks() {
    }

    /** An iterator over {@code data[offset .. offset + length)} encoded as {@code encodingId}. */
    public static ChunkIterator iterator(byte encodingId, byte[] data, int offset, int length) {
        return iterator(ChunkEncoding.fromId(encodingId), data, offset, length);
    }

    /** An iterator over a whole array encoded as {@code encodingId}. */
    public static ChunkIterator iterator(byte encodingId, byte[] data) {
        return iterator(encodingId, data, 0, data.length);
    }

    /** An iterator over {@code data[offset .. offset + length)} encoded as {@code encoding}. */
    public static ChunkIterator iterator(ChunkEncoding encoding, byte[] data, int offset, int length) {
        return switch (encoding) {
            case XOR -> XorChunk.iterator(data, offset, length);
            case DECIMAL -> DecimalChunk.iterator(data, offset, length);
        };
    }

    /** An appender for a new, empty chunk. */
    public static ChunkAppender newAppender(ChunkEncoding encoding) {
        return switch (encoding) {
            case XOR -> XorChunk.newAppender();
            case DECIMAL -> throw new IllegalArgumentException("DECIMAL chunks are written sealed, not appended to");
        };
    }

    /** An appender that continues the chunk {@code encoded}, written earlier as {@code encodingId}. */
    public static ChunkAppender appender(byte encodingId, byte[] encoded) {
        return switch (ChunkEncoding.fromId(encodingId)) {
            case XOR -> XorChunk.appender(encoded);
            case DECIMAL -> throw new IllegalArgumentException("DECIMAL chunks are written sealed, not appended to");
        };
    }

    /** Number of samples in an encoded chunk, read from its header without decoding. */
    public static int numSamples(byte encodingId, byte[] data, int offset, int length) {
        return switch (ChunkEncoding.fromId(encodingId)) {
            case XOR -> XorChunk.numSamples(data, offset, length);
            case DECIMAL -> DecimalChunk.numSamples(data, offset, length);
        };
    }

    /** A chunk's final form: its encoding and bytes. */
    public record Sealed(ChunkEncoding encoding, byte[] data) {
    }

    /**
     * The densest encoding of a chunk that will not grow any more: the {@link DecimalChunk} form
     * when that is smaller, else the chunk as it is.
     */
    public static Sealed seal(ChunkAppender open) {
        byte[] appended = open.bytes();
        int n = open.numSamples();
        long[] ts = new long[n];
        double[] vs = new double[n];
        ChunkIterator it = iterator(open.encoding(), appended, 0, appended.length);
        for (int i = 0; it.next(); i++) {
            ts[i] = it.timestamp();
            vs[i] = Double.longBitsToDouble(it.valueBits());
        }
        byte[] dense = DecimalChunk.encode(ts, vs, n);
        return dense.length < appended.length
                ? new Sealed(ChunkEncoding.DECIMAL, dense)
                : new Sealed(open.encoding(), appended);
    }
}
