package io.pharos.storage.shard;

import java.nio.ByteBuffer;

/**
 * Keys of the {@code chunks} column family: block start, series id, chunk start time, so that
 * a block is one contiguous key range (retention deletes it with one range delete) and a
 * series' chunks within a block are contiguous and in time order. Timestamps have their sign
 * bit flipped so that byte order is numeric order.
 */
final class ChunkKeys {
    static final int LENGTH = 20;

    private ChunkKeys() {
    }

    static byte[] key(long blockStart, int seriesId, long minTime) {
        return ByteBuffer.allocate(LENGTH).putLong(blockStart ^ Long.MIN_VALUE).putInt(seriesId)
                .putLong(minTime ^ Long.MIN_VALUE).array();
    }

    /**
     * The key of an out-of-order chunk: the in-order key followed by the offset of the checkpoint
     * that wrote it, so that it never collides with another chunk starting at the same time.
     */
    static byte[] outOfOrderKey(long blockStart, int seriesId, long minTime, long checkpointOffset) {
        return ByteBuffer.allocate(LENGTH + 8).putLong(blockStart ^ Long.MIN_VALUE).putInt(seriesId)
                .putLong(minTime ^ Long.MIN_VALUE).putLong(checkpointOffset).array();
    }

    static byte[] blockStartKey(long blockStart) {
        return ByteBuffer.allocate(8).putLong(blockStart ^ Long.MIN_VALUE).array();
    }

    static long blockStart(byte[] key) {
        return ByteBuffer.wrap(key, 0, 8).getLong() ^ Long.MIN_VALUE;
    }

    static int seriesId(byte[] key) {
        return ByteBuffer.wrap(key, 8, 4).getInt();
    }

    static long minTime(byte[] key) {
        return ByteBuffer.wrap(key, 12, 8).getLong() ^ Long.MIN_VALUE;
    }

    static byte[] idKey(int id) {
        return ByteBuffer.allocate(4).putInt(id).array();
    }

    static int id(byte[] key) {
        return ByteBuffer.wrap(key).getInt();
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long readLong(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }
}
