package io.pharos.storage.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pharos.model.config.PromDuration;
import io.pharos.storage.ingest.SamplesListener;
import io.pharos.storage.shard.Shard;
import io.pharos.storage.shard.ShardOptions;
import io.pharos.storage.shard.ShardSet;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** Wires the shards to the data directory and Kafka, and exposes their numbers as metrics. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    @Bean
    ShardOptions shardOptions(@Value("${pharos.storage.checkpoint-interval}") String checkpoint,
            @Value("${pharos.storage.block-duration}") String block,
            @Value("${pharos.storage.retention.time}") String retentionTime,
            @Value("${pharos.storage.retention.size}") String retentionSize,
            @Value("${pharos.storage.out-of-order-window}") String outOfOrderWindow) {
        return new ShardOptions(PromDuration.parse(checkpoint), PromDuration.parse(block),
                PromDuration.parse(retentionTime), ByteSizes.parse(retentionSize), PromDuration.parse(outOfOrderWindow));
    }

    @Bean(destroyMethod = "close")
    ShardSet shardSet(@Value("${pharos.storage.path}") String path, ShardOptions options, MeterRegistry registry) {
        ShardSet shards = new ShardSet(Path.of(path, "shards"), options);
        Gauge.builder("pharos_storage_head_series", shards, set -> set.all().stream().mapToInt(Shard::seriesCount).sum())
                .description("Series in the heads of the open shards").register(registry);
        Gauge.builder("pharos_storage_shards_open", shards, set -> set.all().size())
                .description("Shards open on this instance").register(registry);
        counter(registry, shards, "pharos_storage_samples_appended", "Samples appended", m -> m.samplesAppended);
        counter(registry, shards, "pharos_storage_out_of_order_samples", "Samples older than their series' newest, rejected",
                m -> m.outOfOrder);
        counter(registry, shards, "pharos_storage_out_of_order_samples_accepted",
                "Samples older than their series' newest, accepted within the out-of-order window",
                m -> m.outOfOrderAccepted);
        counter(registry, shards, "pharos_storage_duplicate_timestamp_samples",
                "Samples with an existing timestamp and another value, rejected", m -> m.duplicateTimestamp);
        counter(registry, shards, "pharos_storage_corrupt_records", "Kafka records that could not be decoded",
                m -> m.corruptRecords);
        counter(registry, shards, "pharos_storage_chunks_written", "Sealed chunks written", m -> m.chunksWritten);
        counter(registry, shards, "pharos_storage_chunk_bytes_written", "Bytes of sealed chunks written",
                m -> m.chunkBytesWritten);
        counter(registry, shards, "pharos_storage_checkpoints", "Checkpoints written", m -> m.checkpoints);
        counter(registry, shards, "pharos_storage_blocks_dropped", "Blocks dropped by retention",
                m -> m.blocksDropped);
        var ranges = Shard.blockRanges(options);
        for (int level = 0; level < ranges.size(); level++) {
            int l = level;
            FunctionCounter.builder("pharos_storage_compactions", shards,
                            set -> set.all().stream().mapToLong(s -> s.metrics().compactions.get(l)).sum())
                    .description("Block compactions per level: at 0 settled base blocks compacted into one chunk per "
                            + "series, above it blocks merged into a block of the level's range")
                    .tag("level", Integer.toString(level))
                    .tag("range", PromDuration.format(ranges.get(level)))
                    .register(registry);
        }
        Gauge.builder("pharos_storage_replay_duration_seconds", shards,
                        set -> set.all().stream().mapToLong(s -> s.metrics().replayMillis.get()).max().orElse(0) / 1000.0)
                .description("Longest time an open shard took to catch up with its partition after assignment")
                .register(registry);
        return shards;
    }

    private static void counter(MeterRegistry registry, ShardSet shards, String name, String help,
            Function<Shard.ShardMetrics, AtomicLong> f) {
        FunctionCounter.builder(name, shards, set -> set.all().stream().mapToLong(s -> f.apply(s.metrics()).get()).sum())
                .description(help).register(registry);
    }

    /** Checkpoints idle shards too: a shard that receives nothing must still persist its head. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService checkpointTimer(ShardSet shards, ShardOptions options) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shard-checkpoint");
            t.setDaemon(true);
            return t;
        });
        long period = options.checkpointInterval().toMillis();
        timer.scheduleAtFixedRate(shards::checkpointAll, period, period, TimeUnit.MILLISECONDS);
        return timer;
    }

    /**
     * The listener container: the rebalance listener opens and closes shards, and a batch that
     * cannot be written is retried until it can (skipping it would lose samples Kafka still holds).
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
            SamplesListener listener) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.getContainerProperties().setConsumerRebalanceListener(listener);
        factory.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000L, FixedBackOff.UNLIMITED_ATTEMPTS)));
        return factory;
    }
}
