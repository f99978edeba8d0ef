package io.pharos.alertmanager.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pharos.alertmanager.testing.WebhookReceiver;
import io.pharos.testing.peers.ReferenceAlertmanager;
import io.pharos.testing.peers.ReferencePrometheus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real Prometheus (Debian's 2.42) evaluates an always-firing alerting rule and sends the alert
 * to Pharos's alertmanager and, when it is installed, to the real Alertmanager 0.25 as well:
 * Pharos lists the alert as Prometheus made it and notifies its webhook with the expected group,
 * and both alertmanagers notify the same thing, also when Prometheus resolves an alert. Skipped
 * without {@code /usr/bin/prometheus}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=pharos-alertmanager", "server.address=127.0.0.1",
            "pharos.alertmanager.reload-on-sighup=false"})
class PrometheusSendsToPharosTest {
    private static final Duration DEADLINE = Duration.ofSeconds(25);

    private static WebhookReceiver pharosHooks;
    private static WebhookReceiver referenceHooks;
    private static Path workDir;

    @Value("${local.server.port}")
    int port;

    static String alertmanagerConfig(WebhookReceiver hooks) {
        return """
                route:
                  receiver: compat
                  group_by: [alertname, team]
                  group_wait: 1s
                  group_interval: 2s
                  repeat_interval: 1h
                receivers:
                  - name: compat
                    webhook_configs: [{url: '%s/compat'}]
                """.formatted(hooks.url(""));
    }

    /** How long the second rule fires before Prometheus resolves it. */
    private static final Duration BRIEF = Duration.ofSeconds(8);

    /**
     * Evaluated every second: one rule that always fires, its annotations templated with the
     * sample's value and an external label, and one that fires until {@code briefUntil} and is
     * then resolved by Prometheus.
     */
    private static String rules(Instant briefUntil) {
        return """
            groups:
              - name: pharos-compat
                interval: 1s
                rules:
                  - alert: AlwaysFiring
                    expr: vector(1)
                    labels:
                      severity: page
                      team: compat
                    annotations:
                      summary: 'vector is {{ $value }}'
                      description: 'in {{ $externalLabels.region }}, severity label {{ $labels.severity }}'
                  - alert: Brief
                    expr: vector(time()) < %d
                    labels:
                      severity: ticket
                    annotations:
                      summary: 'for a while'
            """.formatted(briefUntil.getEpochSecond());
    }

    private static synchronized void prepare() throws IOException {
        if (workDir == null) {
            workDir = Files.createTempDirectory("prometheus-to-pharos");
            pharosHooks = new WebhookReceiver();
            referenceHooks = new WebhookReceiver();
        }
    }

    @DynamicPropertySource
    static void pharosConfig(DynamicPropertyRegistry registry) throws IOException {
        prepare();
        Path config = workDir.resolve("pharos.yml");
        Files.writeString(config, alertmanagerConfig(pharosHooks));
        registry.add("pharos.alertmanager.config-file", config::toString);
        registry.add("pharos.alertmanager.storage-path", () -> workDir.resolve("pharos-data").toString());
    }

    @BeforeAll
    static void requirePrometheus() {
        Assumptions.assumeTrue(ReferencePrometheus.available(), "Prometheus not installed (apt-get install -y prometheus)");
    }

    @AfterAll
    static void cleanUp() {
        if (workDir != null) {
            pharosHooks.close();
            referenceHooks.close();
            FileSystemUtils.deleteRecursively(workDir.toFile());
        }
    }

    @Test
    void alertFromRealPrometheusIsListedAndNotifiedAsAlertmanagerDoes() throws Exception {
        AlertmanagerClient pharos = new AlertmanagerClient("pharos", "http://127.0.0.1:" + port);
        ReferenceAlertmanager reference = null;
        if (ReferenceAlertmanager.available()) {
            Path dir = workDir.resolve("alertmanager");
            Files.createDirectories(dir);
            reference = ReferenceAlertmanager.start(alertmanagerConfig(referenceHooks), dir);
        }
        Instant before = Instant.now();
        // Prometheus drops what it sends before it has discovered its alertmanagers, and sends
        // again only after the resend delay (1m by default): 1s keeps the test short.
        Path prometheusDir = Files.createDirectories(workDir.resolve("prometheus"));
        Files.writeString(prometheusDir.resolve("rules.yml"), rules(before.plus(BRIEF)));
        try (ReferencePrometheus prometheus = ReferencePrometheus.start(prometheusConfig(pharos, reference), prometheusDir,
                List.of("--rules.alert.resend-delay=1s"))) {
            try {
                checkAlert(pharos, reference, prometheus, before);
            } catch (AssertionError | RuntimeException e) {
                e.addSuppressed(new AssertionError("Prometheus's log:\n" + prometheus.log()));
                throw e;
            }
        } finally {
            if (reference != null) {
                reference.close();
            }
        }
    }

    private void checkAlert(AlertmanagerClient pharos, ReferenceAlertmanager reference, ReferencePrometheus prometheus,
            Instant before) throws Exception {
        JsonNode listed = await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> pharos.get("/api/v2/alerts?" + AlertmanagerClient.param("filter", "alertname=\"AlwaysFiring\"")),
                        a -> a.size() == 1)
                .get(0);
        assertThat(Notification.map(listed.get("labels"))).isEqualTo(Map.of(
                "alertname", "AlwaysFiring", "severity", "page", "team", "compat", "region", "test"));
        assertThat(Notification.map(listed.get("annotations"))).isEqualTo(Map.of(
                "summary", "vector is 1", "description", "in test, severity label "));
        assertThat(listed.get("generatorURL").asString())
                .isEqualTo(prometheus.url() + "/graph?g0.expr=vector%281%29&g0.tab=1");
        assertThat(listed.get("status").get("state").asString()).isEqualTo("active");
        assertThat(listed.get("receivers").get(0).get("name").asString()).isEqualTo("compat");
        Instant startsAt = Instant.parse(listed.get("startsAt").asString());
        Instant endsAt = Instant.parse(listed.get("endsAt").asString());
        assertThat(startsAt).as("Prometheus's activeAt").isAfter(before.minusSeconds(1));
        assertThat(endsAt).as("Prometheus's own endsAt, some resend delays ahead").isAfter(startsAt.plusSeconds(3));

        Notification sent = await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> Notification.received(pharosHooks, n -> n.anyAlertHas("alertname", "AlwaysFiring")),
                        l -> !l.isEmpty()).get(0);
        Instant notified = Instant.now();
        assertThat(sent.path()).isEqualTo("/compat");
        assertThat(sent.status()).isEqualTo("firing");
        assertThat(sent.groupLabels()).isEqualTo(Map.of("alertname", "AlwaysFiring", "team", "compat"));
        assertThat(sent.body().get("groupKey").asString()).isEqualTo("{}:{alertname=\"AlwaysFiring\", team=\"compat\"}");
        JsonNode alert = sent.body().get("alerts").get(0);
        assertThat(alert.get("fingerprint").asString()).isEqualTo(listed.get("fingerprint").asString());
        assertThat(alert.get("generatorURL").asString()).isEqualTo(listed.get("generatorURL").asString());
        assertThat(Instant.parse(alert.get("startsAt").asString())).isEqualTo(startsAt);

        if (reference != null) {
            AlertmanagerClient am = new AlertmanagerClient("alertmanager", reference.url());
            Notification referenceSent = await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> Notification.received(referenceHooks, n -> n.anyAlertHas("alertname", "AlwaysFiring")),
                            l -> !l.isEmpty()).get(0);
            assertThat(sent.normalised()).as("what both alertmanagers notify of Prometheus's alert")
                    .isEqualTo(referenceSent.normalised());
            String listing = "/api/v2/alerts?" + AlertmanagerClient.param("filter", "alertname=\"AlwaysFiring\"");
            assertThat(withoutTimes(pharos.get(listing))).as("what both list").isEqualTo(withoutTimes(am.get(listing)));
        }

        // Prometheus resolves the brief alert: both notify it firing, then resolved, alike.
        Map<String, List<String>> expected = Map.of("/compat{alertname=AlwaysFiring, team=compat}", List.of("firing"),
                "/compat{alertname=Brief}", List.of("firing", "resolved"));
        List<WebhookReceiver> hooks = reference == null ? List.of(pharosHooks) : List.of(pharosHooks, referenceHooks);
        for (WebhookReceiver h : hooks) {
            await().atMost(DEADLINE.plus(BRIEF)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(statuses(h)).isEqualTo(expected));
        }
        if (reference != null) {
            assertThat(bodies(pharosHooks)).as("notifications of both").isEqualTo(bodies(referenceHooks));
        }

        // Prometheus resends every second with a later endsAt; once Pharos has taken such a
        // resend after two group intervals more, it has sent nothing new.
        String always = "/api/v2/alerts?" + AlertmanagerClient.param("filter", "alertname=\"AlwaysFiring\"");
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> Instant.parse(
                pharos.get(always).get(0).get("updatedAt").asString()).isAfter(notified.plusSeconds(4)));
        assertThat(statuses(pharosHooks)).as("notified once more each").isEqualTo(expected);
    }

    private static Map<String, List<String>> statuses(WebhookReceiver hooks) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Notification n : Notification.received(hooks, n -> true)) {
            out.computeIfAbsent(n.group().toString(), k -> new java.util.ArrayList<>()).add(n.status());
        }
        return out;
    }

    private static Map<String, List<String>> bodies(WebhookReceiver hooks) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Notification n : Notification.received(hooks, n -> true)) {
            out.computeIfAbsent(n.group().toString(), k -> new java.util.ArrayList<>()).add(n.normalised());
        }
        return out;
    }

    private static String prometheusConfig(AlertmanagerClient pharos, ReferenceAlertmanager reference) {
        StringBuilder targets = new StringBuilder("'" + pharos.url().substring("http://".length()) + "'");
        if (reference != null) {
            targets.append(", '").append(reference.url().substring("http://".length())).append("'");
        }
        return """
                global:
                  evaluation_interval: 1s
                  external_labels:
                    region: test
                alerting:
                  alertmanagers:
                    - api_version: v2
                      timeout: 5s
                      static_configs:
                        - targets: [%s]
                rule_files: [rules.yml]
                """.formatted(targets);
    }

    /**
     * The listing without the receive time, which is each alertmanager's own, and without
     * {@code endsAt}, which Prometheus moves at every resend (one may come between the two GETs).
     */
    private static String withoutTimes(JsonNode alerts) {
        JsonNode copy = alerts.deepCopy();
        for (JsonNode a : copy) {
            ((ObjectNode) a).remove("updatedAt");
            ((ObjectNode) a).remove("endsAt");
            // mutedBy: Pharos serves Alertmanager 0.27's field, which 0.25 lacks (empty here).
            JsonNode mutedBy = ((ObjectNode) a.get("status")).remove("mutedBy");
            assertThat(mutedBy == null || mutedBy.isEmpty()).isTrue();
        }
        Map<String, String> byFingerprint = new TreeMap<>();
        for (JsonNode a : copy) {
            byFingerprint.put(a.get("fingerprint").asString(), Canonical.of(a));
        }
        return String.join("\n", byFingerprint.values());
    }
}
