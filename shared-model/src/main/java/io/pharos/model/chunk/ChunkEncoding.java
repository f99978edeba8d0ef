package io.pharos.model.chunk;

/**
 * How a chunk's bytes are encoded. The one-byte {@link #id()} is stored next to every chunk, on
 * disk and on the wire, so a reader picks the decoder without guessing. Ids are never reused.
 */
public enum ChunkEncoding {

    /** Timestamps as delta-of-delta, values XORed with their predecessor: {@link XorChunk}. */
    XOR((byte) 1),

    /**
     * Sealed chunks only: timestamp and value columns, values as scaled integers where exact:
     * {@link DecimalChunk}.
     */
    DECIMAL((byte) 2);

    private final byte id;

    ChunkEncoding(byte id) {
        this.id = id;
    }

    /** The stable identifier written alongside encoded chunks. */
    public byte id() {
        return id;
    }

    /** The encoding with this id. */
    public static ChunkEncoding fromId(byte id) {
        for (ChunkEncoding e : values()) {
            if (e.id == id) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown chunk encoding id: " + (id & 0xff));
    }
}
