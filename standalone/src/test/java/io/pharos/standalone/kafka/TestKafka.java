package io.pharos.standalone.kafka;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for a test: Testcontainers' Kafka where a Docker engine answers, otherwise
 * the suite's own in-JVM KRaft broker (CI has no Docker engine). Never a mock. Set
 * {@code -Dpharos.test.kafka=embedded} to use the in-JVM broker even where Docker exists.
 * Tests that stop and restart the broker on its own log directory use {@link EmbeddedKafkaBroker}
 * directly: a container comes back on another port.
 */
public final class TestKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    /** The broker the clients of Spring Boot 4.0 (Kafka 4.1) are built for. */
    static final String IMAGE = "apache/kafka:4.1.1";

    private final AutoCloseable broker;
    private final String bootstrapServers;
    private final String kind;

    private TestKafka(AutoCloseable broker, String bootstrapServers, String kind) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.kind = kind;
    }

    /** Starts a broker; {@code dir} holds the in-JVM broker's log when that is the one used. */
    public static TestKafka start(Path dir) {
        if (!"embedded".equals(System.getProperty("pharos.test.kafka")) && dockerAvailable()) {
            KafkaContainer container = new KafkaContainer(IMAGE);
            container.start();
            log.info("test Kafka: Testcontainers {} at {}", IMAGE, container.getBootstrapServers());
            return new TestKafka(container, container.getBootstrapServers(), "testcontainers");
        }
        EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.start(dir, 0);
        log.info("test Kafka: in-JVM KRaft broker at {}", embedded.bootstrapServers());
        return new TestKafka(embedded, embedded.bootstrapServers(), "embedded");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code testcontainers} or {@code embedded}. */
    public String kind() {
        return kind;
    }

    public void createTopics(List<NewTopic> topics) {
        EmbeddedKafkaBroker.createTopics(bootstrapServers, topics);
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
