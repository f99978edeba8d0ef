package io.pharos.alertmanager.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus (Debian's {@code prometheus}, 2.42) on a free loopback port that evaluates
 * the test's alerting rules and sends its alerts to the alertmanagers its config names.
 */
final class ReferencePrometheus implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final PeerProcess process;

    private ReferencePrometheus(PeerProcess process) {
        this.process = process;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Writes {@code prometheusYaml} and {@code rulesYaml} (as {@code rules.yml}, which the config's
     * {@code rule_files} names) to {@code dir}, and starts on them with the TSDB under
     * {@code dir/tsdb} and the extra command-line flags; returns once ready.
     */
    static ReferencePrometheus start(String prometheusYaml, String rulesYaml, Path dir, List<String> flags)
            throws IOException, InterruptedException {
        Path config = dir.resolve("prometheus.yml");
        Path tsdb = dir.resolve("tsdb");
        Files.createDirectories(tsdb);
        Files.writeString(config, prometheusYaml);
        Files.writeString(dir.resolve("rules.yml"), rulesYaml);
        String url = "http://127.0.0.1:" + PeerProcess.freePort();
        List<String> command = new ArrayList<>(List.of(BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tsdb,
                "--web.listen-address=" + url.substring("http://".length()),
                "--web.external-url=" + url));
        command.addAll(flags);
        return new ReferencePrometheus(PeerProcess.start(command, url, dir.resolve("prometheus.log")));
    }

    /** The web URL, also the base of the generatorURL of the alerts it sends. */
    String url() {
        return process.url();
    }

    String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
