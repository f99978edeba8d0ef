package io.pharos.collector.api;

import io.pharos.collector.jobs.ScrapeJobs;
import io.pharos.model.config.PrometheusConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The run-time scrape jobs API: {@code GET /api/v1/scrape_configs} lists every job (from the
 * file and from the API), {@code GET/PUT/DELETE /api/v1/scrape_configs/{job}} reads, creates or
 * replaces, and deletes one. A PUT answers only once {@code pharos.targets} has the job.
 */
@RestController
public class ScrapeJobsController {
    private static final long STORE_TIMEOUT_SECONDS = 30;
    private final ScrapeJobs jobs;

    public ScrapeJobsController(ScrapeJobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/v1/scrape_configs")
    public ResponseEntity<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> fileJobs = fileJobConfigs();
        fileJobs.forEach((job, cfg) -> out.add(entry(job, "file", cfg)));
        jobs.apiJobs().forEach((job, a) -> {
            if (!fileJobs.containsKey(job)) {
                out.add(entry(job, "api", json(a.json())));
            }
        });
        return ApiResponse.success(out);
    }

    @GetMapping("/api/v1/scrape_configs/{job}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable("job") String job) {
        Map<String, Object> fileJobs = fileJobConfigs();
        if (fileJobs.containsKey(job)) {
            return ApiResponse.success(entry(job, "file", fileJobs.get(job)));
        }
        ScrapeJobs.ApiJob a = jobs.apiJobs().get(job);
        if (a == null) {
            return ApiResponse.error(HttpStatus.NOT_FOUND, "not_found", "scrape job \"" + job + "\" not found");
        }
        return ApiResponse.success(entry(job, "api", json(a.json())));
    }

    @PutMapping(path = "/api/v1/scrape_configs/{job}", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    public ResponseEntity<Map<String, Object>> put(@PathVariable("job") String job, @RequestBody(required = false) String body) {
        if (body == null || body.isBlank()) {
            return ApiResponse.error(HttpStatus.BAD_REQUEST, "bad_data", "the body must be a scrape_config in JSON");
        }
        try {
            boolean replaced = jobs.put(job, body).get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            ResponseEntity<Map<String, Object>> ok = ApiResponse.success(entry(job, "api", json(body)));
            return replaced ? ok : ResponseEntity.status(HttpStatus.CREATED).body(ok.getBody());
        } catch (ScrapeJobs.JobException e) {
            return failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(e);
        } catch (ExecutionException | TimeoutException | CompletionException e) {
            return unavailable(e);
        }
    }

    @DeleteMapping("/api/v1/scrape_configs/{job}")
    public ResponseEntity<Map<String, Object>> delete(@PathVariable("job") String job) {
        try {
            jobs.delete(job).get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return ApiResponse.success(Map.of("job_name", job));
        } catch (ScrapeJobs.JobException e) {
            return failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(e);
        } catch (ExecutionException | TimeoutException | CompletionException e) {
            return unavailable(e);
        }
    }

    private static ResponseEntity<Map<String, Object>> failure(ScrapeJobs.JobException e) {
        HttpStatus status = HttpStatus.valueOf(e.status());
        String type = switch (e.status()) {
            case 404 -> "not_found";
            case 409 -> "conflict";
            default -> "bad_data";
        };
        return ApiResponse.error(status, type, e.getMessage());
    }

    private static ResponseEntity<Map<String, Object>> unavailable(Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return ApiResponse.error(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                "the scrape job could not be stored in pharos.targets: " + cause);
    }

    private static Map<String, Object> entry(String job, String source, Object config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_name", job);
        m.put("source", source);
        m.put("scrape_config", config);
        return m;
    }

    /** The JSON (which is YAML) as a tree, to be sent back as JSON. */
    private static Object json(String text) {
        return new Yaml(new LoaderOptions()).load(text);
    }

    /** The file's scrape configs as written, by job name. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> fileJobConfigs() {
        Map<String, Object> out = new LinkedHashMap<>();
        PrometheusConfig file = jobs.file();
        if (file == null || file.text() == null) {
            return out;
        }
        Object root = new Yaml(new LoaderOptions()).load(file.text());
        if (root instanceof Map<?, ?> m && m.get("scrape_configs") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> sc && sc.get("job_name") != null) {
                    out.put(String.valueOf(sc.get("job_name")), sc);
                }
            }
        }
        return out;
    }
}
