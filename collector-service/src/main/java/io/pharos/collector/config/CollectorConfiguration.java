package io.pharos.collector.config;

import io.pharos.collector.scrape.ScrapeManager;
import io.pharos.collector.scrape.TargetScraper;
import io.pharos.model.Topics;
import io.pharos.model.sample.KafkaSamplePublisher;
import io.pharos.model.sample.SamplePublisher;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ProducerFactory;

/** Wires the plain-Java scrape core to Kafka and the config file. */
@Configuration(proxyBeanMethods = false)
public class CollectorConfiguration {

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

    @Bean
    SamplePublisher samplePublisher(Producer<byte[], byte[]> samplesProducer) {
        return new KafkaSamplePublisher(samplesProducer, Topics.SAMPLES);
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
    ScrapeManager scrapeManager(ScheduledExecutorService scrapeScheduler, SamplePublisher samplePublisher) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        return new ScrapeManager(scrapeScheduler, new TargetScraper(client), samplePublisher, Clock.systemUTC());
    }

    @Bean
    ScrapeConfigReloader scrapeConfigReloader(
            @Value("${pharos.collector.config-file}") String location, ScrapeManager scrapeManager) {
        ScrapeConfigReloader reloader = new ScrapeConfigReloader(location, scrapeManager);
        reloader.reload();
        return reloader;
    }
}
