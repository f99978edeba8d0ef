package io.pharos.testing.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus (Debian's {@code prometheus}, 2.42) on a free loopback port: the reference
 * the differential tests compare Pharos against. It is fed as its configuration says (scraping,
 * rules) or through remote write ({@code --web.enable-remote-write-receiver}).
 */
public final class ReferencePrometheus implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus");
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private final PeerProcess process;

    private ReferencePrometheus(PeerProcess process) {
        this.process = process;
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    public static boolean promtoolAvailable() {
        return Files.isExecutable(PROMTOOL);
    }

    /**
     * Writes {@code configYaml} to {@code dir/prometheus.yml} (relative rule_files resolve in
     * {@code dir}) and starts on it with the TSDB under {@code dir/tsdb} and the extra
     * command-line flags; returns once {@code /-/ready} answers.
     */
    public static ReferencePrometheus start(String configYaml, Path dir, List<String> flags)
            throws IOException, InterruptedException {
        Path config = dir.resolve("prometheus.yml");
        Path tsdb = dir.resolve("tsdb");
        Files.createDirectories(tsdb);
        Files.writeString(config, configYaml);
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
    public String url() {
        return process.url();
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
