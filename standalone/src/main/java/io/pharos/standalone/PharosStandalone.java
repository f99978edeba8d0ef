package io.pharos.standalone;

import io.pharos.alertmanager.AlertmanagerApplication;
import io.pharos.collector.CollectorApplication;
import io.pharos.model.Topics;
import io.pharos.query.QueryApplication;
import io.pharos.standalone.kafka.EmbeddedKafkaBroker;
import io.pharos.storage.StorageApplication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Pharos on one machine, in one JVM: a real KRaft Kafka broker with its log under the storage
 * path, its topics, and the four services, each a child Spring context on its own port.
 * Storage starts first so its shards are consuming before anything is produced; the
 * alertmanager before the query service so the first alerts have somewhere to go.
 */
public final class PharosStandalone implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PharosStandalone.class);

    private final EmbeddedKafkaBroker broker;
    private final GenericApplicationContext parent;
    private final List<ConfigurableApplicationContext> services;

    private PharosStandalone(EmbeddedKafkaBroker broker, GenericApplicationContext parent,
            List<ConfigurableApplicationContext> services) {
        this.broker = broker;
        this.parent = parent;
        this.services = services;
    }

    public static void main(String[] args) {
        PharosStandalone suite = start(args);
        Runtime.getRuntime().addShutdownHook(new Thread(suite::close, "pharos-shutdown"));
    }

    public static PharosStandalone start(String... args) {
        StandaloneOptions o = StandaloneOptions.parse(args);
        long t0 = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(o.storagePath().resolve("kafka"), o.kafkaPort());
        List<ConfigurableApplicationContext> services = new ArrayList<>();
        GenericApplicationContext parent = new GenericApplicationContext();
        try {
            broker.createTopics(EmbeddedKafkaBroker.pharosTopics(Topics.SAMPLES, o.samplePartitions(), Topics.TARGETS));
            parent.registerBean(EmbeddedKafkaBroker.class, () -> broker);
            parent.refresh();
            List<String> common = new ArrayList<>(List.of(
                    "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "--pharos.kafka.samples-partitions=" + o.samplePartitions(),
                    "--storage.path=" + o.storagePath(),
                    "--spring.main.banner-mode=off",
                    // One JVM, one logging system: a per-service application name would be the first one only.
                    "--logging.include-application-name=false"));
            // Every other option reaches every service, where its properties pick up what they
            // know (--storage.retention.time, --spring.kafka.*, ...); the specific ones below win.
            common.addAll(StandaloneOptions.forwarded(args));
            services.add(child(parent, StorageApplication.class, StorageApplication.CONFIG_NAME, common,
                    "--server.port=" + o.storagePort()));
            services.add(child(parent, AlertmanagerApplication.class, "pharos-alertmanager", common,
                    "--server.port=" + o.alertmanagerPort(),
                    "--pharos.alertmanager.config-file=" + o.alertmanagerConfigFile()));
            services.add(child(parent, QueryApplication.class, QueryApplication.CONFIG_NAME, common,
                    "--server.port=" + o.queryPort(),
                    "--pharos.query.config-file=" + o.configFile(),
                    "--pharos.query.storage-urls=http://127.0.0.1:" + o.storagePort(),
                    "--pharos.query.collector-urls=http://127.0.0.1:" + o.collectorPort()));
            services.add(child(parent, CollectorApplication.class, CollectorApplication.CONFIG_NAME, common,
                    "--server.port=" + o.collectorPort(),
                    "--pharos.collector.config-file=" + o.configFile()));
        } catch (RuntimeException e) {
            Collections.reverse(services);
            services.forEach(ConfigurableApplicationContext::close);
            parent.close();
            broker.close();
            throw e;
        }
        log.info("Pharos standalone started in {} ms: query on :{}, alertmanager on :{}, collector on :{}, storage on :{},"
                + " Kafka on {}, data in {}", (System.nanoTime() - t0) / 1_000_000, o.queryPort(), o.alertmanagerPort(),
                o.collectorPort(), o.storagePort(), broker.bootstrapServers(), o.storagePath());
        return new PharosStandalone(broker, parent, services);
    }

    private static ConfigurableApplicationContext child(GenericApplicationContext parent, Class<?> app, String configName,
            List<String> common, String... specific) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(specific));
        return new SpringApplicationBuilder(app)
                .parent(parent)
                .initializers(new IsolatedReactorResources())
                .properties("spring.config.name=" + configName)
                .run(args.toArray(String[]::new));
    }

    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public synchronized void close() {
        List<ConfigurableApplicationContext> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        for (ConfigurableApplicationContext c : reversed) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.warn("closing {} failed: {}", c.getId(), e.toString());
            }
        }
        services.clear();
        parent.close();
        broker.close();
    }
}
