package io.pharos.collector.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-time scrape jobs in the compacted topic {@code pharos.targets}: a put is a record
 * keyed by the job name with the scrape_config JSON as value, a delete a tombstone. Every
 * replica reads the whole topic from the beginning (no consumer group, all partitions
 * assigned), so each sees every job, including after a restart of everything.
 */
public final class KafkaScrapeJobStore implements ScrapeJobStore {
    private static final Logger log = LoggerFactory.getLogger(KafkaScrapeJobStore.class);

    private final Producer<byte[], byte[]> producer;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String topic;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean closed;
    private Thread thread;

    public KafkaScrapeJobStore(Producer<byte[], byte[]> producer, Supplier<Consumer<byte[], byte[]>> consumers, String topic) {
        this.producer = producer;
        this.consumers = consumers;
        this.topic = topic;
    }

    @Override
    public synchronized void start(Listener listener) {
        thread = new Thread(() -> run(listener), "pharos-targets-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Listener listener) {
        while (!closed) {
            try (Consumer<byte[], byte[]> c = consumers.get()) {
                consumer = c;
                List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                while (!closed) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) {
                        if (r.key() == null) {
                            continue;
                        }
                        String job = new String(r.key(), StandardCharsets.UTF_8);
                        String json = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
                        try {
                            listener.changed(job, json);
                        } catch (RuntimeException e) {
                            log.error("scrape job {} from {} not applied: {}", job, topic, e.getMessage());
                        }
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("reading {} failed, retrying: {}", topic, e.toString());
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletableFuture<Void> put(String job, String json) {
        return send(job, json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<Void> delete(String job) {
        return send(job, null);
    }

    private CompletableFuture<Void> send(String job, byte[] value) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, job.getBytes(StandardCharsets.UTF_8), value), (md, e) -> {
                if (e != null) {
                    ack.completeExceptionally(e);
                } else {
                    ack.complete(null);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    @Override
    public void close() {
        closed = true;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
