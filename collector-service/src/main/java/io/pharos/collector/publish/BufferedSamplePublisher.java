package io.pharos.collector.publish;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes scraped samples through a bounded buffer, so that scrapes go on while Kafka is
 * away: {@link #publish} only enqueues; one sender thread drains the buffer in order, through
 * a Resilience4j retry and circuit breaker around the real publisher, and completes each
 * batch's future when Kafka has acknowledged it. A batch that fails keeps its place at the
 * head of the buffer until Kafka is back. When the buffer is full the oldest batches are
 * dropped: counted in {@code pharos_collector_samples_dropped_total} and logged, never lost
 * silently.
 */
public final class BufferedSamplePublisher implements SamplePublisher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BufferedSamplePublisher.class);

    private final SamplePublisher delegate;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final long maxBufferedSamples;
    private final int maxSamplesPerSend;
    private final Duration sendTimeout;
    private final Duration pauseWhenDown;
    private final Deque<Pending> buffer = new ArrayDeque<>();
    private long bufferedSamples;
    private final AtomicLong dropped = new AtomicLong();
    private final Counter droppedCounter;
    private final Thread sender;
    private volatile boolean closed;

    private record Pending(List<SeriesSamples> series, int samples, CompletableFuture<Void> done,
            java.util.concurrent.atomic.AtomicBoolean dropped) {
    }

    public BufferedSamplePublisher(SamplePublisher delegate, Retry retry, CircuitBreaker breaker,
            long maxBufferedSamples, MeterRegistry registry) {
        this(delegate, retry, breaker, maxBufferedSamples, 50_000, Duration.ofSeconds(30), Duration.ofMillis(500), registry);
    }

    public BufferedSamplePublisher(SamplePublisher delegate, Retry retry, CircuitBreaker breaker, long maxBufferedSamples,
            int maxSamplesPerSend, Duration sendTimeout, Duration pauseWhenDown, MeterRegistry registry) {
        this.delegate = delegate;
        this.retry = retry;
        this.breaker = breaker;
        this.maxBufferedSamples = maxBufferedSamples;
        this.maxSamplesPerSend = maxSamplesPerSend;
        this.sendTimeout = sendTimeout;
        this.pauseWhenDown = pauseWhenDown;
        this.droppedCounter = Counter.builder("pharos.collector.samples.dropped")
                .description("Samples dropped because the publish buffer overflowed while Kafka was unavailable")
                .register(registry);
        Gauge.builder("pharos.collector.publish.buffered.samples", this, BufferedSamplePublisher::bufferedSamples)
                .description("Samples waiting to be published to Kafka").register(registry);
        this.sender = new Thread(this::run, "pharos-sample-publisher");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    @Override
    public CompletableFuture<Void> publish(List<SeriesSamples> series) {
        if (series.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int samples = 0;
        for (SeriesSamples s : series) {
            samples += s.size();
        }
        Pending p = new Pending(series, samples, new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicBoolean());
        List<Pending> overflow = new ArrayList<>();
        synchronized (this) {
            buffer.addLast(p);
            bufferedSamples += samples;
            while (bufferedSamples > maxBufferedSamples && buffer.size() > 1) {
                Pending old = buffer.pollFirst();
                old.dropped().set(true);
                bufferedSamples -= old.samples();
                overflow.add(old);
            }
            notifyAll();
        }
        for (Pending old : overflow) {
            dropped.addAndGet(old.samples());
            droppedCounter.increment(old.samples());
            log.warn("publish buffer full ({} samples): dropped {} samples while Kafka is unavailable",
                    maxBufferedSamples, old.samples());
            old.done().completeExceptionally(new IllegalStateException("dropped: publish buffer overflow"));
        }
        return p.done();
    }

    /** Samples dropped since start. */
    public long droppedSamples() {
        return dropped.get();
    }

    public synchronized long bufferedSamples() {
        return bufferedSamples;
    }

    private void run() {
        while (!closed) {
            List<Pending> batch = nextBatch();
            if (batch == null) {
                return;
            }
            List<SeriesSamples> all = new ArrayList<>();
            try {
                Retry.decorateCheckedRunnable(retry, () -> breaker.executeCheckedSupplier(() -> {
                    // each attempt sends what is still buffered: batches dropped meanwhile are not sent
                    all.clear();
                    batch.stream().filter(p -> !p.dropped().get()).forEach(p -> all.addAll(p.series()));
                    if (!all.isEmpty()) {
                        delegate.publish(all).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    return null;
                })).run();
                synchronized (this) {
                    for (Pending p : batch) {
                        if (buffer.remove(p)) {
                            bufferedSamples -= p.samples();
                        }
                    }
                }
                batch.stream().filter(p -> !p.dropped().get()).forEach(p -> p.done().complete(null));
            } catch (Throwable e) {
                if (e instanceof InterruptedException) {
                    return;
                }
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                if (!(cause instanceof CallNotPermittedException)) {
                    log.warn("publishing {} series failed, keeping them buffered: {}", all.size(),
                            cause instanceof TimeoutException ? "timed out" : cause.toString());
                }
                pause();
            }
        }
    }

    /** The oldest batches up to the send size, left in the buffer until acknowledged; null once closed. */
    private synchronized List<Pending> nextBatch() {
        while (buffer.isEmpty() && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                return null;
            }
        }
        if (closed) {
            return null;
        }
        List<Pending> out = new ArrayList<>();
        int samples = 0;
        for (Pending p : buffer) {
            if (!out.isEmpty() && samples + p.samples() > maxSamplesPerSend) {
                break;
            }
            out.add(p);
            samples += p.samples();
        }
        return out;
    }

    private void pause() {
        try {
            Thread.sleep(pauseWhenDown.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        sender.interrupt();
    }
}
