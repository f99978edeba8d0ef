package io.pharos.storage;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The storage service: Kafka partitions into RocksDB shards, and the shard select API. */
@SpringBootApplication
public class StorageApplication {
    public static final String CONFIG_NAME = "pharos-storage";

    public static void main(String[] args) {
        new SpringApplicationBuilder(StorageApplication.class).properties("spring.config.name=" + CONFIG_NAME).run(args);
    }
}
