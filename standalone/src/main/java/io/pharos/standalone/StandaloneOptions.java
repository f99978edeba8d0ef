package io.pharos.standalone;

import io.pharos.model.Topics;
import java.nio.file.Path;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * The standalone suite's command line, in Prometheus's style: {@code --config.file},
 * {@code --alertmanager.config.file}, {@code --storage.path}, {@code --web.listen-address}
 * for the query port, plus Pharos's ports of the other services and of Kafka.
 */
record StandaloneOptions(
        String configFile,
        String alertmanagerConfigFile,
        Path storagePath,
        int queryPort,
        int alertmanagerPort,
        int collectorPort,
        int storagePort,
        int kafkaPort,
        int samplePartitions) {

    static final String DEFAULT_PROMETHEUS_CONFIG = "classpath:pharos-standalone-prometheus.yml";
    static final String DEFAULT_ALERTMANAGER_CONFIG = "classpath:pharos-standalone-alertmanager.yml";

    static StandaloneOptions parse(String... args) {
        SimpleCommandLinePropertySource cli = new SimpleCommandLinePropertySource(args);
        return new StandaloneOptions(
                value(cli, "config.file", DEFAULT_PROMETHEUS_CONFIG),
                value(cli, "alertmanager.config.file", DEFAULT_ALERTMANAGER_CONFIG),
                Path.of(value(cli, "storage.path", "./data")).toAbsolutePath(),
                port(cli, "web.listen-address", 9090),
                port(cli, "alertmanager.listen-address", 9093),
                port(cli, "collector.listen-address", 9095),
                port(cli, "storage.listen-address", 9096),
                Integer.parseInt(value(cli, "kafka.port", "0")),
                Integer.parseInt(value(cli, "kafka.samples-partitions", Integer.toString(Topics.DEFAULT_SAMPLE_PARTITIONS))));
    }

    /**
     * The command line as the services get it: without {@code --storage.path}, which the suite
     * passes itself, resolved. Given twice, Spring would join the two values with a comma and
     * every service would write under a path named "a,b".
     */
    static java.util.List<String> forwarded(String... args) {
        return java.util.Arrays.stream(args).filter(a -> !a.startsWith("--storage.path=")).toList();
    }

    private static String value(SimpleCommandLinePropertySource cli, String name, String fallback) {
        String v = cli.getProperty(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** {@code host:port} or {@code :port}, as Prometheus's listen addresses; only the port is used. */
    private static int port(SimpleCommandLinePropertySource cli, String name, int fallback) {
        String v = cli.getProperty(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        int colon = v.lastIndexOf(':');
        try {
            return Integer.parseInt(colon >= 0 ? v.substring(colon + 1) : v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": \"" + v + "\" is not host:port");
        }
    }
}
