package io.pharos.collector.config;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.pharos.collector.jobs.KafkaScrapeJobStore;
import io.pharos.collector.jobs.ScrapeJobStore;
import io.pharos.collector.jobs.ScrapeJobs;
import io.pharos.collector.publish.BufferedSamplePublisher;
import io.pharos.collector.remotewrite.RemoteWriteReceiver;
import io.pharos.collector.discovery.Discoverers;
import io.pharos.collector.scrape.ScrapeManager;
import io.pharos.collector.scrape.TargetShard;
import io.pharos.model.Topics;
import io.pharos.model.sample.KafkaSamplePublisher;
import io.pharos.model.sample.SamplePublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ProducerFactory;

/** Wires the plain-Java scrape core to Kafka, the config file and the REST APIs. */
@Configuration(proxyBeanMethods = false)
public class CollectorConfiguration {
    private static final Logger log = LoggerFactory.getLogger(CollectorConfiguration.class);

    /** Created at start when absent (KafkaAdmin skips topics that exist). */
    @Bean
    NewTopic samplesTopic(@Value("${pharos.kafka.samples-partitions:" + Topics.DEFAULT_SAMPLE_PARTITIONS + "}") int partitions) {
        return TopicBuilder.name(Topics.SAMPLES).partitions(partitions).build();
    }

    @Bean
    NewTopic targetsTopic() {
        return TopicBuilder.name(Topics.TARGETS).partitions(1).compact().build();
    }

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> samplesProducer(ProducerFactory<byte[], byte[]> factory) {
        return factory.createProducer();
    }

    /** Straight to Kafka: remote write answers only once this has acknowledged everything. */
    @Bean
    SamplePublisher samplePublisher(Producer<byte[], byte[]> samplesProducer) {
        return new KafkaSamplePublisher(samplesProducer, Topics.SAMPLES);
    }

    /** Scrapes publish through a bounded buffer with retry and circuit breaker, so they go on while Kafka is away. */
    @Bean(destroyMethod = "close")
    BufferedSamplePublisher scrapePublisher(@Qualifier("samplePublisher") SamplePublisher samplePublisher,
            @Value("${pharos.collector.publish.buffer-samples:1000000}") long bufferSamples, MeterRegistry registry) {
        Retry retry = Retry.of("kafka-publish", RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2))
                .ignoreExceptions(CallNotPermittedException.class)
                .build());
        CircuitBreaker breaker = CircuitBreaker.of("kafka-publish", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .build());
        return new BufferedSamplePublisher(samplePublisher, retry, breaker, bufferSamples, registry);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService scrapeScheduler(@Value("${pharos.collector.scrape-threads}") int threads) {
        return Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "scrape");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean(destroyMethod = "close")
    ScrapeManager scrapeManager(ScheduledExecutorService scrapeScheduler, BufferedSamplePublisher scrapePublisher,
            @Value("${pharos.collector.shards:1}") int shards, @Value("${pharos.collector.shard:0}") String shard) {
        return new ScrapeManager(scrapeScheduler, scrapePublisher, Clock.systemUTC(), new Discoverers(scrapeScheduler),
                new TargetShard(shards, shardIndex(shard, System.getenv("HOSTNAME"))));
    }

    /**
     * The replica's shard: a number, or {@code ordinal} for the number a StatefulSet puts at the
     * end of each pod's host name ({@code pharos-collector-2} is shard 2).
     */
    static int shardIndex(String shard, String hostname) {
        if (!shard.equals("ordinal")) {
            return Integer.parseInt(shard.trim());
        }
        if (hostname == null || !hostname.matches(".*-\\d+")) {
            throw new IllegalArgumentException("pharos.collector.shard=ordinal needs a host name ending in -<number>"
                    + " (a StatefulSet pod), got " + hostname);
        }
        return Integer.parseInt(hostname.substring(hostname.lastIndexOf('-') + 1));
    }

    /** Every replica reads all of pharos.targets: no consumer group, nothing committed. */
    @Bean(destroyMethod = "close")
    ScrapeJobStore scrapeJobStore(Producer<byte[], byte[]> samplesProducer, KafkaProperties kafka) {
        return new KafkaScrapeJobStore(samplesProducer, () -> {
            Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }, Topics.TARGETS);
    }

    @Bean
    ScrapeJobs scrapeJobs(ScrapeManager scrapeManager, ScrapeJobStore scrapeJobStore) {
        return new ScrapeJobs(scrapeManager, scrapeJobStore);
    }

    @Bean
    ScrapeConfigReloader scrapeConfigReloader(
            @Value("${pharos.collector.config-file}") String location, ScrapeJobs scrapeJobs) {
        ScrapeConfigReloader reloader = new ScrapeConfigReloader(location, scrapeJobs);
        reloader.reload();
        scrapeJobs.start();
        SighupReload.install(reloader);
        return reloader;
    }

    @Bean
    RemoteWriteReceiver remoteWriteReceiver(@Qualifier("samplePublisher") SamplePublisher samplePublisher,
            @Value("${pharos.collector.remote-write.max-decompressed-bytes:67108864}") int maxBytes) {
        return new RemoteWriteReceiver(samplePublisher, maxBytes);
    }

    /** SIGHUP reloads the file, as it does for Prometheus; any previous handler still runs. */
    static final class SighupReload {
        private SighupReload() {
        }

        @SuppressWarnings("restriction")
        static void install(ScrapeConfigReloader reloader) {
            try {
                sun.misc.Signal hup = new sun.misc.Signal("HUP");
                sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
                previous[0] = sun.misc.Signal.handle(hup, sig -> {
                    try {
                        reloader.reload();
                    } catch (RuntimeException e) {
                        log.error("reload on SIGHUP failed, the running config stays: {}", e.getMessage());
                    }
                    sun.misc.SignalHandler p = previous[0];
                    if (p != null && p != sun.misc.SignalHandler.SIG_DFL && p != sun.misc.SignalHandler.SIG_IGN) {
                        p.handle(sig);
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                log.info("SIGHUP reload not available here: {}", e.getMessage());
            }
        }
    }
}
