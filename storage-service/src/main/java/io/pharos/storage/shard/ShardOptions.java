package io.pharos.storage.shard;

import java.time.Duration;

/**
 * How a shard keeps its data.
 *
 * @param checkpointInterval how often the head is persisted with its offset: a crash replays at
 *     most this much from Kafka
 * @param blockDuration the time range of a block; chunks never span two, retention drops whole ones
 * @param retentionTime data older than this is dropped (0 keeps everything)
 * @param retentionBytes the oldest blocks are dropped while the shard is larger (0: no limit)
 * @param outOfOrderWindow how far behind a series' newest sample a sample may still be accepted
 *     (0, as in Prometheus, refuses every older sample)
 */
public record ShardOptions(Duration checkpointInterval, Duration blockDuration, Duration retentionTime,
        long retentionBytes, Duration outOfOrderWindow) {
    public static final ShardOptions DEFAULT =
            new ShardOptions(Duration.ofSeconds(30), Duration.ofHours(2), Duration.ofDays(15), 0, Duration.ZERO);

    public ShardOptions(Duration checkpointInterval, Duration blockDuration, Duration retentionTime, long retentionBytes) {
        this(checkpointInterval, blockDuration, retentionTime, retentionBytes, Duration.ZERO);
    }
}
