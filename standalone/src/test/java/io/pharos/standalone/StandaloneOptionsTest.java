package io.pharos.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StandaloneOptionsTest {
    @Test
    void prometheusStyleOptionsSetTheFilesPathsAndPorts() {
        StandaloneOptions o = StandaloneOptions.parse("--config.file=/etc/prometheus/prometheus.yml",
                "--storage.path=/var/lib/pharos", "--web.listen-address=0.0.0.0:19090",
                "--alertmanager.listen-address=:19093");
        assertThat(o.configFile()).isEqualTo("/etc/prometheus/prometheus.yml");
        assertThat(o.storagePath()).isEqualTo(Path.of("/var/lib/pharos"));
        assertThat(o.queryPort()).isEqualTo(19090);
        assertThat(o.alertmanagerPort()).isEqualTo(19093);
        assertThat(o.collectorPort()).isEqualTo(9095);
    }

    @Test
    void theStoragePathIsNotForwardedTwiceToTheServices() {
        assertThat(StandaloneOptions.forwarded("--storage.path=/data", "--storage.retention.time=30d",
                "--config.file=p.yml")).containsExactly("--storage.retention.time=30d", "--config.file=p.yml");
    }
}
