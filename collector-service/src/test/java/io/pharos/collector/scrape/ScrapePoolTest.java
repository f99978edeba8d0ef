package io.pharos.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pharos.collector.api.TargetsController;
import io.pharos.collector.discovery.Discoverer;
import io.pharos.collector.discovery.TargetGroup;
import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.sample.StaleMarker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pools of real loopback targets: discovery, relabeling, target_limit, reloads and the targets API. */
class ScrapePoolTest {
    @TempDir
    Path dir;
    private LoopbackTarget t1;
    private LoopbackTarget t2;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<SeriesSamples> published = Collections.synchronizedList(new ArrayList<>());
    private final SamplePublisher publisher = s -> {
        published.addAll(s);
        return CompletableFuture.completedFuture(null);
    };
    private final ScrapeManager manager = new ScrapeManager(scheduler, publisher, Clock.systemUTC());

    @BeforeEach
    void start() throws Exception {
        t1 = new LoopbackTarget();
        t2 = new LoopbackTarget();
        t1.body = "a 1\n";
        t2.body = "a 2\n";
    }

    @AfterEach
    void stop() {
        manager.close();
        scheduler.shutdownNow();
        t1.close();
        t2.close();
    }

    private List<ScrapeConfig> configs(String scrapeConfigs) {
        return PrometheusConfigLoader.parse("p.yml", "scrape_configs:\n" + scrapeConfigs.indent(2), dir).scrapeConfigs();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> targetsApi(String state) {
        return (Map<String, Object>) new TargetsController(manager).targets(state, null).getBody().get("data");
    }

    @Test
    void relabelingDropsTargetsAndTheApiListsThemAsPrometheusDoes() {
        manager.apply(configs("""
                - job_name: j
                  scrape_interval: 1s
                  static_configs: [{targets: ['%s', '%s'], labels: {team: a}}]
                  relabel_configs:
                    - {source_labels: [__address__], regex: '%s', action: drop}
                """.formatted(t1.address(), t2.address(), t2.address().replace(".", "\\."))));
        await().atMost(Duration.ofSeconds(5)).until(() -> manager.loops().get(0).health().state() == ScrapeHealth.State.UP);
        Map<String, Object> data = targetsApi(null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> active = (List<Map<String, Object>>) data.get("activeTargets");
        assertThat(active).hasSize(1);
        Map<String, Object> a = active.get(0);
        assertThat(a.get("labels")).isEqualTo(Map.of("instance", t1.address(), "job", "j", "team", "a"));
        assertThat(a.get("scrapePool")).isEqualTo("j");
        assertThat(a.get("scrapeUrl")).isEqualTo("http://" + t1.address() + "/metrics");
        assertThat(a.get("health")).isEqualTo("up");
        assertThat(a.get("lastError")).isEqualTo("");
        assertThat(a.get("scrapeInterval")).isEqualTo("1s");
        assertThat((String) a.get("lastScrape")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
        @SuppressWarnings("unchecked")
        Map<String, String> discovered = (Map<String, String>) a.get("discoveredLabels");
        assertThat(discovered).containsEntry("__address__", t1.address()).containsEntry("__metrics_path__", "/metrics")
                .containsEntry("__scheme__", "http").containsEntry("__scrape_interval__", "1s")
                .containsEntry("__scrape_timeout__", "1s").containsEntry("job", "j").containsEntry("team", "a");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> dropped = (List<Map<String, Object>>) data.get("droppedTargets");
        assertThat(dropped).hasSize(1);
        assertThat(dropped.get(0).get("scrapePool")).isEqualTo("j");
        assertThat(data.get("droppedTargetCounts")).isEqualTo(Map.of("j", 1));
        assertThat((List<?>) targetsApi("dropped").get("activeTargets")).isEmpty();
        assertThat((List<?>) targetsApi("active").get("droppedTargets")).isEmpty();
    }

    @Test
    void targetLimitFailsEveryTargetOfThePool() {
        manager.apply(configs("""
                - job_name: j
                  scrape_interval: 1s
                  target_limit: 1
                  static_configs: [{targets: ['%s', '%s']}]
                """.formatted(t1.address(), t2.address())));
        await().atMost(Duration.ofSeconds(5)).until(() -> manager.loops().stream()
                .allMatch(l -> l.health().state() == ScrapeHealth.State.DOWN));
        assertThat(manager.loops()).allMatch(l -> l.health().lastError()
                .equals("target_limit exceeded (number of targets: 2, limit: 1)"));
    }

    @Test
    void fileDiscoveredTargetsAreScrapedAndRemovedOnesMarkedStale() throws Exception {
        Path file = dir.resolve("targets.json");
        Files.writeString(file, "[{\"targets\": [\"" + t1.address() + "\"], \"labels\": {\"src\": \"file\"}}]");
        manager.apply(configs("""
                - job_name: f
                  scrape_interval: 1s
                  file_sd_configs: [{files: ['targets.json']}]
                  relabel_configs: [{source_labels: [__meta_filepath], regex: '.*/(.*)', target_label: from}]
                """));
        await().atMost(Duration.ofSeconds(5)).until(() -> published.stream()
                .anyMatch(s -> s.labels().metricName().equals("a") && s.labels().get("from").equals("targets.json")));
        Files.writeString(file, "[]");
        await().atMost(Duration.ofSeconds(10)).until(() -> published.stream()
                .anyMatch(s -> s.labels().metricName().equals("a") && StaleMarker.is(s.values()[0])));
        assertThat(manager.loops()).isEmpty();
    }

    @Test
    void replicasShareTheTargetsEachScrapedOnce() {
        List<ScrapeConfig> cfg = configs("""
                - job_name: j
                  scrape_interval: 1m
                  static_configs: [{targets: ['h1:1', 'h2:1', 'h3:1', 'h4:1', 'h5:1', 'h6:1', 'h7:1', 'h8:1']}]
                """);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ScrapeManager replica = new ScrapeManager(scheduler, publisher, Clock.systemUTC(),
                    new io.pharos.collector.discovery.Discoverers(scheduler), new TargetShard(3, i));
            replica.apply(cfg);
            replica.loops().forEach(l -> all.add(l.target().instance()));
            replica.close();
        }
        assertThat(all).containsExactlyInAnyOrder("h1:1", "h2:1", "h3:1", "h4:1", "h5:1", "h6:1", "h7:1", "h8:1");
    }

    @Test
    void reloadingAChangedConfigKeepsSeriesWithoutStaleness() {
        String cfg = """
                - job_name: j
                  scrape_interval: 1s
                  static_configs: [{targets: ['%s']}]
                """.formatted(t1.address());
        manager.apply(configs(cfg));
        await().atMost(Duration.ofSeconds(5)).until(() -> published.stream().anyMatch(s -> s.labels().metricName().equals("a")));
        manager.apply(configs(cfg.replace("scrape_interval: 1s", "scrape_interval: 2s")));
        assertThat(manager.loops()).hasSize(1);
        assertThat(manager.loops().get(0).target().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(published).noneMatch(s -> StaleMarker.is(s.values()[0]));
        manager.apply(List.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> published.stream()
                .anyMatch(s -> s.labels().metricName().equals("a") && StaleMarker.is(s.values()[0])));
    }

    /** A discoverer that reports only when the test says so, as DNS or Kubernetes discovery answer later. */
    private static final class LateDiscoverer implements Discoverer {
        private final List<TargetGroup> groups;
        private volatile Consumer<List<TargetGroup>> updates;

        LateDiscoverer(String address) {
            this.groups = List.of(new TargetGroup("late", List.of(Labels.of("__address__", address)), Labels.EMPTY));
        }

        @Override
        public void start(Consumer<List<TargetGroup>> updates) {
            this.updates = updates;
        }

        void report() {
            updates.accept(groups);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void reloadKeepsTheTargetsUntilTheNewDiscoveryReportsSoNoSeriesGoesStale() {
        List<LateDiscoverer> started = Collections.synchronizedList(new ArrayList<>());
        ScrapeManager late = new ScrapeManager(scheduler, publisher, Clock.systemUTC(), c -> {
            LateDiscoverer d = new LateDiscoverer(t1.address());
            started.add(d);
            return List.of(d);
        });
        try {
            String cfg = "- job_name: j\n  scrape_interval: 1s\n";
            late.apply(configs(cfg));
            started.get(0).report();
            await().atMost(Duration.ofSeconds(5)).until(() -> published.stream().anyMatch(s -> s.labels().metricName().equals("a")));

            late.apply(configs(cfg.replace("1s", "2s")));
            // The new discoverer has not reported yet: the target is still scraped, with the new interval.
            assertThat(late.loops()).hasSize(1);
            assertThat(late.loops().get(0).target().interval()).isEqualTo(Duration.ofSeconds(2));
            started.get(1).report();
            assertThat(late.loops()).hasSize(1);
            int before = published.size();
            await().atMost(Duration.ofSeconds(5)).until(() -> published.size() > before);
            assertThat(published).noneMatch(s -> StaleMarker.is(s.values()[0]));
        } finally {
            late.close();
        }
    }
}
