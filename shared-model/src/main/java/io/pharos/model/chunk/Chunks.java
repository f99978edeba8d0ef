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
        };
    }

    /** An appender for a new, empty chunk. */
    public static ChunkAppender newAppender(ChunkEncoding encoding) {
        return switch (encoding) {
            case XOR -> XorChunk.newAppender();
        };
    }

    /** An appender that continues the chunk {@code encoded}, written earlier as {@code encodingId}. */
    public static ChunkAppender appender(byte encodingId, byte[] encoded) {
        return switch (ChunkEncoding.fromId(encodingId)) {
            case XOR -> XorChunk.appender(encoded);
        };
    }

    /** Number of samples in an encoded chunk, read from its header without decoding. */
    public static int numSamples(byte encodingId, byte[] data, int offset, int length) {
        return switch (ChunkEncoding.fromId(encodingId)) {
            case XOR -> XorChunk.numSamples(data, offset, length);
        };
    }
}
