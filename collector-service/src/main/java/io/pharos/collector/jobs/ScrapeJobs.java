package io.pharos.collector.jobs;

import io.pharos.collector.scrape.ScrapeManager;
import io.pharos.model.config.ConfigException;
import io.pharos.model.config.PrometheusConfig;
import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.config.ScrapeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrape jobs the collector runs: those of {@code prometheus.yml} and those created at run
 * time through the REST API, side by side. A file job always wins: the API cannot create,
 * change or delete a job the file defines, and a stored API job that the file later defines
 * too is set aside while the file has it. API jobs are validated as the file is, with the
 * file's {@code global} defaults.
 */
public final class ScrapeJobs {
    private static final Logger log = LoggerFactory.getLogger(ScrapeJobs.class);

    private final ScrapeManager manager;
    private final ScrapeJobStore store;
    private PrometheusConfig file;
    private final Map<String, ApiJob> apiJobs = new TreeMap<>();

    /** A job created through the API: its validated config and the JSON it was given as. */
    public record ApiJob(ScrapeConfig config, String json) {
    }

    /** Why a REST request cannot be carried out. */
    public static final class JobException extends RuntimeException {
        private final int status;

        public JobException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public ScrapeJobs(ScrapeManager manager, ScrapeJobStore store) {
        this.manager = manager;
        this.store = store;
    }

    /** Starts following the store; call after the first {@link #fileChanged}. */
    public void start() {
        store.start(this::stored);
    }

    public synchronized void fileChanged(PrometheusConfig config) {
        this.file = config;
        // API jobs are re-validated against the new global defaults
        for (Map.Entry<String, ApiJob> e : new ArrayList<>(apiJobs.entrySet())) {
            try {
                e.setValue(new ApiJob(parse(e.getKey(), e.getValue().json()), e.getValue().json()));
            } catch (JobException ex) {
                log.error("scrape job {} from the API no longer validates: {}", e.getKey(), ex.getMessage());
            }
        }
        applyAll();
    }

    public synchronized PrometheusConfig file() {
        return file;
    }

    public synchronized Set<String> fileJobs() {
        return file == null ? Set.of() : file.scrapeConfigs().stream().map(ScrapeConfig::jobName).collect(Collectors.toSet());
    }

    public synchronized Map<String, ApiJob> apiJobs() {
        return new LinkedHashMap<>(apiJobs);
    }

    /** Validates and stores a job; completes once the store has it. True when it replaced an existing job. */
    public CompletableFuture<Boolean> put(String job, String json) {
        ScrapeConfig config;
        boolean existed;
        synchronized (this) {
            if (fileJobs().contains(job)) {
                throw new JobException(409, "scrape job \"" + job + "\" is defined in " + file.source()
                        + " and cannot be changed through the API");
            }
            config = parse(job, json);
            if (!config.jobName().equals(job)) {
                throw new JobException(400, "job_name \"" + config.jobName() + "\" in the body differs from \"" + job
                        + "\" in the path");
            }
            existed = apiJobs.containsKey(job);
        }
        return store.put(job, json).thenApply(ok -> {
            stored(job, json);
            return existed;
        });
    }

    /** Deletes an API job; completes once the store has the deletion. */
    public CompletableFuture<Void> delete(String job) {
        synchronized (this) {
            if (fileJobs().contains(job)) {
                throw new JobException(409, "scrape job \"" + job + "\" is defined in " + file.source()
                        + " and cannot be deleted through the API");
            }
            if (!apiJobs.containsKey(job)) {
                throw new JobException(404, "scrape job \"" + job + "\" not found");
            }
        }
        return store.delete(job).thenRun(() -> stored(job, null));
    }

    /** A change from the store (this replica's or another's). */
    synchronized void stored(String job, String json) {
        if (json == null) {
            if (apiJobs.remove(job) != null) {
                applyAll();
            }
            return;
        }
        ApiJob current = apiJobs.get(job);
        if (current != null && current.json().equals(json)) {
            return;
        }
        try {
            apiJobs.put(job, new ApiJob(parse(job, json), json));
            applyAll();
        } catch (JobException e) {
            log.error("stored scrape job {} is invalid and not run: {}", job, e.getMessage());
        }
    }

    private ScrapeConfig parse(String job, String json) {
        try {
            return PrometheusConfigLoader.scrapeConfig("scrape_config \"" + job + "\"", json, file);
        } catch (ConfigException e) {
            throw new JobException(400, e.getMessage());
        }
    }

    private void applyAll() {
        List<ScrapeConfig> all = new ArrayList<>();
        Set<String> fileJobs = fileJobs();
        if (file != null) {
            all.addAll(file.scrapeConfigs());
        }
        apiJobs.forEach((job, a) -> {
            if (fileJobs.contains(job)) {
                log.warn("scrape job {} is defined in the file and through the API; the file's is used", job);
            } else {
                all.add(a.config());
            }
        });
        manager.apply(all);
    }
}
