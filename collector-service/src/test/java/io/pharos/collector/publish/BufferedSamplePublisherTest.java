package io.pharos.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferedSamplePublisherTest {
    private final AtomicBoolean kafkaUp = new AtomicBoolean(true);
    private final List<SeriesSamples> delivered = Collections.synchronizedList(new ArrayList<>());
    private final SamplePublisher kafka = series -> {
        if (!kafkaUp.get()) {
            return CompletableFuture.failedFuture(new RuntimeException("broker unavailable"));
        }
        delivered.addAll(series);
        return CompletableFuture.completedFuture(null);
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BufferedSamplePublisher publisher = new BufferedSamplePublisher(kafka,
            Retry.of("t", RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(10))
                    .ignoreExceptions(CallNotPermittedException.class).build()),
            CircuitBreaker.of("t", CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(2)
                    .waitDurationInOpenState(Duration.ofMillis(100)).build()),
            5, 1000, Duration.ofSeconds(1), Duration.ofMillis(20), registry);

    @AfterEach
    void close() {
        publisher.close();
    }

    private static List<SeriesSamples> batch(String name) {
        return List.of(SeriesSamples.single(Labels.of("__name__", name), 1, 1));
    }

    @Test
    void publishesAndCompletesWhenAcknowledged() throws Exception {
        publisher.publish(batch("a")).get();
        assertThat(delivered).extracting(s -> s.labels().metricName()).containsExactly("a");
    }

    @Test
    void buffersWhileKafkaIsAwayAndDeliversInOrderWhenBack() {
        kafkaUp.set(false);
        CompletableFuture<Void> a = publisher.publish(batch("a"));
        CompletableFuture<Void> b = publisher.publish(batch("b"));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !a.isDone());
        kafkaUp.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.isDone() && b.isDone());
        assertThat(delivered).extracting(s -> s.labels().metricName()).containsExactly("a", "b");
        assertThat(a).isCompleted();
    }

    @Test
    void overflowDropsTheOldestAndCountsThem() {
        kafkaUp.set(false);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(publisher.publish(batch("m" + i)));
        }
        assertThat(publisher.droppedSamples()).isEqualTo(3);
        assertThat(registry.get("pharos.collector.samples.dropped").counter().count()).isEqualTo(3);
        assertThat(futures.get(0)).isCompletedExceptionally();
        kafkaUp.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> futures.get(7).isDone());
        assertThat(delivered).extracting(s -> s.labels().metricName()).containsExactly("m3", "m4", "m5", "m6", "m7");
    }
}
