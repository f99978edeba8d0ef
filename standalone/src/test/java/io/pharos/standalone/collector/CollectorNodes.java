package io.pharos.standalone.collector;

import io.pharos.collector.CollectorApplication;
import io.pharos.standalone.IsolatedReactorResources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.xerial.snappy.Snappy;

/** What the collector tests share: a collector child context on a broker, HTTP, and a remote-write body. */
final class CollectorNodes {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CollectorNodes() {
    }

    /** A collector, as the standalone suite starts it, reading its file config from {@code configFile}. */
    static ConfigurableApplicationContext collector(String bootstrapServers, int port, Path configFile, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--pharos.collector.config-file=" + configFile,
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(CollectorApplication.class)
                .initializers(new IsolatedReactorResources())
                .properties("spring.config.name=" + CollectorApplication.CONFIG_NAME)
                .run(args.toArray(String[]::new));
    }

    /** Producer settings that give up on an unacknowledged batch in seconds, not the default two minutes. */
    static final String[] QUICK_PRODUCER_TIMEOUTS = {
            "--spring.kafka.producer.properties.request.timeout.ms=2000",
            "--spring.kafka.producer.properties.delivery.timeout.ms=5000",
            "--spring.kafka.producer.properties.max.block.ms=5000",
            "--spring.kafka.producer.properties.reconnect.backoff.max.ms=500"};

    /** Restarts a stopped broker on its old port and log directory: the same cluster, back again. */
    static io.pharos.standalone.kafka.EmbeddedKafkaBroker restart(Path logDir, String bootstrapServers) throws Exception {
        return io.pharos.standalone.kafka.EmbeddedKafkaBroker.start(logDir,
                Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1)));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder r) throws IOException, InterruptedException {
        return HTTP.send(r.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder at(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return send(at(port, path).GET());
    }

    /** A remote-write 1.0 body: one series with one sample, protobuf encoded by hand, snappy compressed. */
    static byte[] writeRequest(String metric, double value, long timestampMs, String... labels) throws IOException {
        ByteArrayOutputStream ts = new ByteArrayOutputStream();
        field(ts, 1, label("__name__", metric));
        for (int i = 0; i < labels.length; i += 2) {
            field(ts, 1, label(labels[i], labels[i + 1]));
        }
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        varint(sample, (1 << 3) | 1); // value: double, fixed64
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            sample.write((int) (bits >>> (8 * i)) & 0xff);
        }
        varint(sample, 2 << 3); // timestamp: int64, varint
        varint(sample, timestampMs);
        field(ts, 2, sample.toByteArray());
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        field(req, 1, ts.toByteArray());
        return Snappy.compress(req.toByteArray());
    }

    private static byte[] label(String name, String value) {
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        field(l, 1, name.getBytes(StandardCharsets.UTF_8));
        field(l, 2, value.getBytes(StandardCharsets.UTF_8));
        return l.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        varint(out, (number << 3) | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
