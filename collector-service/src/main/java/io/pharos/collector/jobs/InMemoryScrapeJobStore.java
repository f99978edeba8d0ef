package io.pharos.collector.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A job store kept in memory: for tests, and for a collector run without Kafka. */
public final class InMemoryScrapeJobStore implements ScrapeJobStore {
    private final Map<String, String> jobs = new LinkedHashMap<>();
    private Listener listener;

    @Override
    public synchronized void start(Listener l) {
        this.listener = l;
        jobs.forEach(l::changed);
    }

    @Override
    public CompletableFuture<Void> put(String job, String json) {
        Listener l;
        synchronized (this) {
            jobs.put(job, json);
            l = listener;
        }
        if (l != null) {
            l.changed(job, json);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> delete(String job) {
        Listener l;
        synchronized (this) {
            jobs.remove(job);
            l = listener;
        }
        if (l != null) {
            l.changed(job, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}
