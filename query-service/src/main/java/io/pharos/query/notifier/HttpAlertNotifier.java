package io.pharos.query.notifier;

import io.pharos.model.config.RelabelConfig;
import io.pharos.model.labels.Labels;
import io.pharos.model.relabel.Relabeler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts over HTTP to every configured Alertmanager, as Prometheus's notifier does: a bounded
 * queue (the oldest alerts are dropped and counted when it overflows), batches of at most
 * {@link #MAX_BATCH}, {@code external_labels} added to alerts that lack them, and one POST per
 * Alertmanager per batch.
 */
public final class HttpAlertNotifier implements AlertNotifier, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpAlertNotifier.class);
    static final int MAX_BATCH = 64;

    private final BlockingQueue<PostableAlert> queue;
    private final HttpClient client;
    private final Thread sender;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile List<URI> alertmanagers = List.of();
    private volatile Duration timeout = Duration.ofSeconds(10);
    private volatile Labels externalLabels = Labels.EMPTY;
    private volatile List<RelabelConfig> relabelConfigs = List.of();
    private volatile boolean running = true;

    public HttpAlertNotifier(int capacity, HttpClient client) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.client = client;
        this.sender = new Thread(this::run, "alert-notifier");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Applies the {@code alerting} section and {@code external_labels} of a (re)loaded config. */
    public void configure(List<URI> alertmanagers, Duration timeout, Labels externalLabels) {
        configure(alertmanagers, timeout, externalLabels, List.of());
    }

    /** As above, with the {@code alert_relabel_configs} applied to every alert before it is queued. */
    public void configure(List<URI> alertmanagers, Duration timeout, Labels externalLabels,
            List<RelabelConfig> alertRelabelConfigs) {
        this.alertmanagers = List.copyOf(alertmanagers);
        this.timeout = timeout;
        this.externalLabels = externalLabels;
        this.relabelConfigs = List.copyOf(alertRelabelConfigs);
    }

    @Override
    public void send(List<PostableAlert> alerts) {
        for (PostableAlert a : alerts) {
            PostableAlert withExternal = relabel(withExternalLabels(a));
            if (withExternal == null) {
                continue; // dropped by alert_relabel_configs
            }
            while (!queue.offer(withExternal)) {
                if (queue.poll() != null) {
                    dropped.incrementAndGet();
                }
            }
        }
    }

    /** The alert after {@code alert_relabel_configs}, or null when they drop it. */
    PostableAlert relabel(PostableAlert a) {
        List<RelabelConfig> rules = relabelConfigs;
        if (rules.isEmpty()) {
            return a;
        }
        Labels labels = Relabeler.process(a.labels(), rules);
        if (labels == null || labels.isEmpty()) {
            return null;
        }
        return new PostableAlert(labels, a.annotations(), a.startsAt(), a.endsAt(), a.generatorUrl());
    }

    private PostableAlert withExternalLabels(PostableAlert a) {
        Labels ext = externalLabels;
        if (ext.isEmpty()) {
            return a;
        }
        Labels.Builder b = a.labels().toBuilder();
        for (int i = 0; i < ext.size(); i++) {
            if (!a.labels().has(ext.name(i))) {
                b.set(ext.name(i), ext.value(i));
            }
        }
        return new PostableAlert(b.build(), a.annotations(), a.startsAt(), a.endsAt(), a.generatorUrl());
    }

    /** The Alertmanager endpoints alerts are posted to, as configured last. */
    public List<URI> alertmanagers() {
        return alertmanagers;
    }

    public long dropped() {
        return dropped.get();
    }

    public long sent() {
        return sent.get();
    }

    public long errors() {
        return errors.get();
    }

    public int queueLength() {
        return queue.size();
    }

    private void run() {
        List<PostableAlert> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                PostableAlert first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                post(AlertJson.encode(batch), batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void post(String body, int count) throws InterruptedException {
        for (URI am : alertmanagers) {
            HttpRequest request = HttpRequest.newBuilder(am)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Pharos/0.1")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) {
                    errors.incrementAndGet();
                    log.warn("alertmanager {} answered {}: {}", am, r.statusCode(), r.body());
                } else {
                    sent.addAndGet(count);
                }
            } catch (java.io.IOException e) {
                errors.incrementAndGet();
                log.warn("sending {} alerts to {} failed: {}", count, am, e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
    }
}
