package io.pharos.storage.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pharos.storage.shard.Shard;
import io.pharos.storage.shard.ShardSet;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** Wires the shards to the data directory and exposes their numbers as metrics. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    @Bean(destroyMethod = "close")
    ShardSet shardSet(@Value("${pharos.storage.path}") String path, MeterRegistry registry) {
        ShardSet shards = new ShardSet(Path.of(path, "shards"));
        gauge(registry, shards, "pharos_storage_head_series", "Series held by the open shards", Shard::seriesCount);
        gauge(registry, shards, "pharos_storage_samples_appended", "Samples appended since the shards opened",
                Shard::samplesAppended);
        gauge(registry, shards, "pharos_storage_out_of_order_samples_rejected",
                "Samples older than their series' newest sample, rejected", Shard::outOfOrderRejected);
        gauge(registry, shards, "pharos_storage_corrupt_records", "Kafka records that could not be decoded",
                Shard::corruptRecords);
        gauge(registry, shards, "pharos_storage_shards_open", "Shards open on this instance", s -> 1);
        return shards;
    }

    private static void gauge(MeterRegistry registry, ShardSet shards, String name, String help,
            ToDoubleFunction<Shard> f) {
        Gauge.builder(name, shards, set -> set.all().stream().mapToDouble(f).sum()).description(help).register(registry);
    }

    /**
     * A batch that cannot be written is retried until it can: skipping it would lose samples
     * that Kafka still holds, and the stored offset keeps the retry exact.
     */
    @Bean
    DefaultErrorHandler samplesErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(1000L, FixedBackOff.UNLIMITED_ATTEMPTS));
    }
}
