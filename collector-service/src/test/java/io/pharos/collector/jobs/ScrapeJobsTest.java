package io.pharos.collector.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.collector.api.ScrapeJobsController;
import io.pharos.collector.scrape.ScrapeManager;
import io.pharos.collector.scrape.ScrapePool;
import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.sample.SamplePublisher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** The run-time jobs API over an in-memory store (the Kafka store is checked against a real broker elsewhere). */
class ScrapeJobsTest {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final SamplePublisher publisher = s -> CompletableFuture.completedFuture(null);
    private final ScrapeManager manager = new ScrapeManager(scheduler, publisher, Clock.systemUTC());
    private final InMemoryScrapeJobStore store = new InMemoryScrapeJobStore();
    private final ScrapeJobs jobs = new ScrapeJobs(manager, store);
    private final ScrapeJobsController api = new ScrapeJobsController(jobs);

    @BeforeEach
    void start() {
        jobs.fileChanged(PrometheusConfigLoader.parse("prometheus.yml", """
                global: {scrape_interval: 30s, sample_limit: 500}
                scrape_configs:
                  - job_name: from-file
                    static_configs: [{targets: ['127.0.0.1:1']}]
                """, Path.of("/tmp")));
        jobs.start();
    }

    @AfterEach
    void stop() {
        manager.close();
        scheduler.shutdownNow();
    }

    private List<String> runningJobs() {
        return manager.pools().stream().map(p -> p.config().jobName()).sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(ResponseEntity<Map<String, Object>> r) {
        return (Map<String, Object>) r.getBody().get("data");
    }

    @Test
    void createReplaceListAndDeleteAJob() {
        String json = """
                {"job_name": "api-job", "scrape_interval": "10s",
                 "static_configs": [{"targets": ["127.0.0.1:2"], "labels": {"team": "x"}}]}""";
        ResponseEntity<Map<String, Object>> created = api.put("api-job", json);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(runningJobs()).containsExactly("api-job", "from-file");
        ScrapePool pool = manager.pools().stream().filter(p -> p.config().jobName().equals("api-job")).findFirst().orElseThrow();
        assertThat(pool.config().sampleLimit()).isEqualTo(500); // the file's global defaults apply
        assertThat(pool.loops()).hasSize(1);

        ResponseEntity<Map<String, Object>> replaced = api.put("api-job",
                "{\"job_name\": \"api-job\", \"static_configs\": [{\"targets\": [\"127.0.0.1:2\", \"127.0.0.1:3\"]}]}");
        assertThat(replaced.getStatusCode().value()).isEqualTo(200);
        assertThat(manager.loops()).hasSize(3);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) api.list().getBody().get("data");
        assertThat(list).extracting(m -> m.get("job_name") + "/" + m.get("source"))
                .containsExactly("from-file/file", "api-job/api");
        assertThat(data(api.get("api-job")).get("scrape_config")).isInstanceOf(Map.class);

        assertThat(api.delete("api-job").getStatusCode().value()).isEqualTo(200);
        assertThat(runningJobs()).containsExactly("from-file");
        assertThat(api.get("api-job").getStatusCode().value()).isEqualTo(404);
        assertThat(api.delete("api-job").getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void fileJobsCannotBeChangedThroughTheApi() {
        ResponseEntity<Map<String, Object>> r = api.put("from-file", "{\"job_name\": \"from-file\"}");
        assertThat(r.getStatusCode().value()).isEqualTo(409);
        assertThat(api.delete("from-file").getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void invalidConfigsAreRejectedAsTheFileWouldBe() {
        ResponseEntity<Map<String, Object>> r = api.put("j", "{\"job_name\": \"j\", \"scrape_interval\": \"often\"}");
        assertThat(r.getStatusCode().value()).isEqualTo(400);
        assertThat((String) r.getBody().get("error")).contains("scrape_interval").contains("not a valid duration");
        r = api.put("j", "{\"job_name\": \"j\", \"no_such_field\": 1}");
        assertThat((String) r.getBody().get("error")).contains("field no_such_field not found");
        r = api.put("j", "{\"job_name\": \"other\"}");
        assertThat(r.getStatusCode().value()).isEqualTo(400);
        r = api.put("j", "{\"job_name\": \"j\", \"relabel_configs\": [{\"action\": \"hashmod\", \"target_label\": \"x\"}]}");
        assertThat((String) r.getBody().get("error")).contains("requires non-zero modulus");
        assertThat(runningJobs()).containsExactly("from-file");
    }

    @Test
    void jobsStoredByAnotherReplicaAreRun() {
        store.put("elsewhere", "{\"job_name\": \"elsewhere\", \"static_configs\": [{\"targets\": [\"127.0.0.1:4\"]}]}");
        assertThat(runningJobs()).containsExactly("elsewhere", "from-file");
        store.delete("elsewhere");
        assertThat(runningJobs()).containsExactly("from-file");
    }
}
