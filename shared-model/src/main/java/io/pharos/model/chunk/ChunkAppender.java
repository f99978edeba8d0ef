package io.pharos.model.chunk;

/**
 * Appends samples, in time order, to one chunk.
 *
 * <p>Timestamps must be non-decreasing; equal timestamps are allowed. Implementations hold
 * only primitive state and a reused buffer, so appending allocates nothing per sample. Not
 * thread-safe: a chunk has one writer.
 */
public interface ChunkAppender {

    /** The encoding this appender writes. */
    ChunkEncoding encoding();

    /**
     * Appends one sample. The value's bits are kept exactly, NaN payloads included.
     *
     * @throws IllegalArgumentException if {@code timestampMillis} is older than the last sample's;
     *     the chunk is left unchanged
     * @throws IllegalStateException if the chunk already holds {@link #maxSamples()} samples
     */
    void append(long timestampMillis, double value);

    /** Number of samples appended so far, including those of a reopened chunk. */
    int numSamples();

    /** The most samples one chunk of this encoding can hold. */
    int maxSamples();

    /** Whether {@link #append} would be refused for lack of room. */
    default boolean isFull() {
        return numSamples() >= maxSamples();
    }

    /** Timestamp of the first sample, or {@link Long#MAX_VALUE} if the chunk is empty. */
    long minTime();

    /** Timestamp of the last sample, or {@link Long#MIN_VALUE} if the chunk is empty. */
    long maxTime();

    /** Size in bytes of the encoded chunk as it stands. */
    int encodedSize();

    /** A copy of the encoded chunk, exactly {@link #encodedSize()} bytes. */
    byte[] bytes();
}
