package io.pharos.collector.jobs;

import java.util.concurrent.CompletableFuture;

/**
 * Where run-time scrape jobs live durably: {@code pharos.targets} in production (key = job
 * name, value = the scrape_config as JSON, a tombstone deletes), a map in tests. Every change,
 * from this replica or another, reaches the listener given to {@link #start}.
 */
public interface ScrapeJobStore extends AutoCloseable {
    /** Listens for changes; {@code json} is null for a deleted job. Replays the stored jobs first. */
    interface Listener {
        void changed(String job, String json);
    }

    void start(Listener listener);

    /** Completes once the store has durably accepted the job. */
    CompletableFuture<Void> put(String job, String json);

    /** Completes once the store has durably accepted the deletion. */
    CompletableFuture<Void> delete(String job);

    @Override
    void close();
}
