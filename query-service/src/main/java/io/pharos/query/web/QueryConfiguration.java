package io.pharos.query.web;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pharos.model.Topics;
import io.pharos.model.config.PromDuration;
import io.pharos.model.sample.KafkaSamplePublisher;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.query.api.CollectorClients;
import io.pharos.query.notifier.AlertNotifier;
import io.pharos.query.notifier.HttpAlertNotifier;
import io.pharos.query.promql.engine.Engine;
import io.pharos.query.promql.engine.EngineOptions;
import io.pharos.query.promql.engine.ReloadableEngine;
import io.pharos.query.promql.value.Matrix;
import io.pharos.query.rules.QueryFunction;
import io.pharos.query.rules.RangeQueryFunction;
import io.pharos.query.storage.PartitionOffsets;
import io.pharos.query.rules.RuleConfigReloader;
import io.pharos.query.rules.RuleManager;
import io.pharos.query.storage.FanoutMetadata;
import io.pharos.query.storage.FanoutSeriesSource;
import io.pharos.query.storage.SeriesSource;
import io.pharos.query.storage.ShardClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.web.reactive.function.client.WebClient;

/** Wires the engine to the storage shards, and the rules to the notifier and Kafka. */
@Configuration(proxyBeanMethods = false)
public class QueryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** One client per storage instance, each with its own circuit breaker. */
    @Bean
    List<ShardClient> shardClients(@Value("${pharos.query.storage-urls}") String urls,
            @Value("${pharos.query.storage-timeout}") String timeout, WebClient.Builder webClient) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(50)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .build());
        Duration t = PromDuration.parse(timeout);
        return Arrays.stream(urls.split(","))
                .map(String::trim)
                .filter(u -> !u.isEmpty())
                .map(u -> new ShardClient(u, webClient.clone(), breakers.circuitBreaker(u), t))
                .toList();
    }

    /** The collectors whose targets and metadata {@code /api/v1/targets} and {@code /api/v1/metadata} show. */
    @Bean
    CollectorClients collectorClients(@Value("${pharos.query.collector-urls:http://localhost:9095}") String urls,
            WebClient.Builder webClient) {
        return new CollectorClients(CollectorClients.parseUrls(urls), webClient.clone(), Duration.ofSeconds(10));
    }

    @Bean
    SeriesSource seriesSource(List<ShardClient> shardClients, @Value("${pharos.query.partial-response}") boolean partial) {
        return new FanoutSeriesSource(shardClients, partial);
    }

    @Bean
    FanoutMetadata fanoutMetadata(List<ShardClient> shardClients,
            @Value("${pharos.query.partial-response}") boolean partial) {
        return new FanoutMetadata(shardClients, partial);
    }

    @Bean
    ReloadableEngine engine(SeriesSource source, @Value("${pharos.query.lookback-delta}") String lookback,
            @Value("${pharos.query.timeout}") String timeout, @Value("${pharos.query.max-samples}") long maxSamples) {
        // The subquery step (evaluation_interval) is set by RuleConfigReloader from prometheus.yml, at
        // start and on every reload.
        return new ReloadableEngine(new Engine(source,
                new EngineOptions(PromDuration.parse(lookback), PromDuration.parse(timeout), maxSamples)));
    }

    @Bean(destroyMethod = "close")
    HttpAlertNotifier alertNotifier(@Value("${pharos.query.notification-queue-capacity}") int capacity, MeterRegistry registry) {
        HttpAlertNotifier n = new HttpAlertNotifier(capacity, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        Gauge.builder("prometheus_notifications_dropped_total", n, HttpAlertNotifier::dropped)
                .description("Alerts dropped because the notification queue was full").register(registry);
        Gauge.builder("prometheus_notifications_sent_total", n, HttpAlertNotifier::sent)
                .description("Alerts sent to Alertmanagers").register(registry);
        Gauge.builder("prometheus_notifications_errors_total", n, HttpAlertNotifier::errors)
                .description("Errors sending alerts to Alertmanagers").register(registry);
        Gauge.builder("prometheus_notifications_queue_length", n, HttpAlertNotifier::queueLength)
                .description("Alerts waiting to be sent").register(registry);
        return n;
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
    ScheduledExecutorService ruleScheduler() {
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "rule-eval");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean(destroyMethod = "close")
    PartitionOffsets partitionOffsets(KafkaAdmin kafkaAdmin) {
        return new PartitionOffsets(Admin.create(kafkaAdmin.getConfigurationProperties()));
    }

    @Bean(destroyMethod = "close")
    RuleManager ruleManager(ScheduledExecutorService ruleScheduler, ReloadableEngine engine, SeriesSource seriesSource,
            PartitionOffsets offsets, AlertNotifier notifier, SamplePublisher publisher, Clock clock,
            @Value("${pharos.query.external-url}") String externalUrl) {
        RangeQueryFunction history = (selector, t) -> ((Matrix) engine.get().instant(selector, t).value()).series();
        // Each rule reads after every record published so far, its group's earlier rules' included.
        FanoutSeriesSource fanout = (FanoutSeriesSource) seriesSource;
        Supplier<QueryFunction> queries = () -> new Engine(fanout.readingAfter(offsets.latest()), engine.get().options())::instantVector;
        return new RuleManager(ruleScheduler, queries, history, notifier, publisher, clock, externalUrl);
    }

    @Bean
    RuleConfigReloader ruleConfigReloader(@Value("${pharos.query.config-file}") String location, RuleManager rules,
            HttpAlertNotifier notifier, ReloadableEngine engine) {
        // A subquery without a step uses the global evaluation_interval, as in Prometheus.
        RuleConfigReloader r = new RuleConfigReloader(location, rules, notifier,
                config -> engine.setDefaultSubqueryStep(config.global().evaluationInterval()));
        r.reload();
        return r;
    }
}
