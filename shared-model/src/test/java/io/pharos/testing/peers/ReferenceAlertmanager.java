package io.pharos.testing.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real Alertmanager (Debian's {@code prometheus-alertmanager}, 0.25) on a free loopback port,
 * without clustering, its config and state in a directory of the test's: the reference the
 * differential tests compare Pharos's alertmanager against.
 */
public final class ReferenceAlertmanager implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final PeerProcess process;

    private ReferenceAlertmanager(PeerProcess process) {
        this.process = process;
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Writes {@code configYaml} to {@code dir/alertmanager.yml} and starts on it; returns once ready. */
    public static ReferenceAlertmanager start(String configYaml, Path dir) throws IOException, InterruptedException {
        Path config = dir.resolve("alertmanager.yml");
        Path storage = dir.resolve("data");
        Files.createDirectories(storage);
        Files.writeString(config, configYaml);
        String url = "http://127.0.0.1:" + PeerProcess.freePort();
        List<String> command = List.of(BINARY.toString(),
                "--config.file=" + config,
                "--storage.path=" + storage,
                "--web.listen-address=" + url.substring("http://".length()),
                "--web.external-url=" + url,
                // Empty: no gossip listener on 0.0.0.0:9094, this instance is alone.
                "--cluster.listen-address=");
        return new ReferenceAlertmanager(PeerProcess.start(command, url, dir.resolve("alertmanager.log")));
    }

    /** The API's base URL, also its external URL (as put into notifications). */
    public String url() {
        return process.url();
    }

    public int port() {
        return java.net.URI.create(process.url()).getPort();
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
