package io.pharos.collector.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pharos.model.config.FileSdConfig;
import io.pharos.model.labels.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscovererTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<List<TargetGroup>> latest = new AtomicReference<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private List<Labels> addresses() {
        return latest.get().stream().flatMap(g -> g.targets().stream()).toList();
    }

    @Test
    void readsJsonAndYamlAndFollowsChanges() throws Exception {
        Files.writeString(dir.resolve("a.json"), """
                [{"targets": ["h1:9100", "h2:9100"], "labels": {"env": "prod"}}]
                """);
        Files.writeString(dir.resolve("b.yml"), """
                - targets: ['h3:9100']
                """);
        FileDiscoverer d = new FileDiscoverer(new FileSdConfig(List.of(dir + "/*.json", dir + "/*.yml"),
                Duration.ofMinutes(5)), scheduler, 50);
        d.start(latest::set);
        assertThat(addresses()).containsExactlyInAnyOrder(Labels.of("__address__", "h1:9100"),
                Labels.of("__address__", "h2:9100"), Labels.of("__address__", "h3:9100"));
        TargetGroup a = latest.get().stream().filter(g -> g.source().contains("a.json")).findFirst().orElseThrow();
        assertThat(a.labels()).isEqualTo(Labels.of("env", "prod", "__meta_filepath", dir.resolve("a.json").toString()));

        Files.writeString(dir.resolve("a.json"), "[{\"targets\": [\"h9:9100\"]}]\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> addresses().contains(Labels.of("__address__", "h9:9100")));
        assertThat(addresses()).doesNotContain(Labels.of("__address__", "h1:9100"));

        Files.writeString(dir.resolve("a.json"), "[{\"targets\": broken");
        Thread.sleep(300);
        assertThat(addresses()).contains(Labels.of("__address__", "h9:9100")); // a bad file keeps its last groups

        Files.delete(dir.resolve("b.yml"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !addresses().contains(Labels.of("__address__", "h3:9100")));
        d.close();
    }
}
