package io.pharos.model.chunk;

/**
 * A forward-only cursor over the samples of one chunk, in append order.
 *
 * <p>Starts before the first sample: call {@link #next()} or {@link #seek(long)} first. The
 * accessors describe the current sample and allocate nothing. Not thread-safe.
 *
 * <p>A corrupt or truncated chunk makes {@code next()} or {@code seek()} throw
 * {@link IllegalStateException} rather than yield invented samples.
 */
public interface ChunkIterator {

    /** Advances to the next sample; false (and stays exhausted) when there is none. */
    boolean next();

    /**
     * Advances to the first sample whose timestamp is {@code >= timestampMillis}. Never moves
     * backwards: if the current sample already qualifies it stays put. Returns false, leaving the
     * iterator exhausted, when no remaining sample qualifies.
     */
    boolean seek(long timestampMillis);

    /** Timestamp of the current sample, in milliseconds. */
    long timestamp();

    /** Value of the current sample. */
    double value();

    /**
     * Raw IEEE-754 bits of the current sample's value, exactly as appended. Use this to test for
     * a particular NaN (the staleness marker) without going through a {@code double}.
     */
    long valueBits();
}
